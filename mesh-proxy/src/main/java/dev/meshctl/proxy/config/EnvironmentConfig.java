package dev.meshctl.proxy.config;

import dev.meshctl.proxy.config.IdentityConfig.CertificateFiles;
import dev.meshctl.proxy.config.IdentityConfig.CertificateSource;
import dev.meshctl.proxy.config.IdentityConfig.IdentityService;
import dev.meshctl.proxy.config.IdentityConfig.TrustAnchors;
import dev.meshctl.proxy.config.IdentityConfig.TrustAnchorsFile;
import dev.meshctl.proxy.config.IdentityConfig.TrustAnchorsPem;
import dev.meshctl.proxy.config.ProxyConfig.Balancer;
import dev.meshctl.proxy.config.ProxyConfig.Http1Limits;
import dev.meshctl.proxy.config.ProxyConfig.Http2Limits;
import dev.meshctl.proxy.config.ProxyConfig.Transport;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code MESH_PROXY_*} environment variables into a validated {@link ProxyConfig}, once,
 * at start. A pure function of the map it is given ({@code ProxyMain} passes {@code
 * System.getenv()}); the only outside state it looks at is whether the files it names exist.
 *
 * <p>Every problem is a {@link ConfigException} with a one-line message naming the variable, its
 * value and what is expected. An unknown variable with the {@code MESH_PROXY_} prefix is an error
 * too, so that a misspelt setting is never silently ignored. A variable set to an empty (or blank)
 * value counts as unset, except {@link #OPAQUE_PORTS}, where empty means "no opaque ports". The
 * variables and their defaults are documented in {@code mesh-proxy/README.md}.
 */
public final class EnvironmentConfig {

  /** The prefix every proxy variable has; unknown variables with it are rejected. */
  public static final String PREFIX = "MESH_PROXY_";

  public static final String OUTBOUND_LISTEN_ADDR = PREFIX + "OUTBOUND_LISTEN_ADDR";
  public static final String INBOUND_LISTEN_ADDR = PREFIX + "INBOUND_LISTEN_ADDR";
  public static final String ADMIN_LISTEN_ADDR = PREFIX + "ADMIN_LISTEN_ADDR";
  public static final String INBOUND_FORWARD_ADDR = PREFIX + "INBOUND_FORWARD_ADDR";
  public static final String DETECT_PROTOCOL_TIMEOUT = PREFIX + "DETECT_PROTOCOL_TIMEOUT";
  public static final String OPAQUE_PORTS = PREFIX + "OPAQUE_PORTS";
  public static final String CONNECT_TIMEOUT = PREFIX + "CONNECT_TIMEOUT";
  public static final String CONNECTION_IDLE_TIMEOUT = PREFIX + "CONNECTION_IDLE_TIMEOUT";
  public static final String POOL_IDLE_TIMEOUT = PREFIX + "POOL_IDLE_TIMEOUT";
  public static final String EVENT_LOOP_THREADS = PREFIX + "EVENT_LOOP_THREADS";
  public static final String TRANSPORT = PREFIX + "TRANSPORT";
  public static final String LOG_LEVEL = PREFIX + "LOG_LEVEL";
  public static final String DESTINATIONS_FILE = PREFIX + "DESTINATIONS_FILE";
  public static final String DESTINATION_SVC_ADDR = PREFIX + "DESTINATION_SVC_ADDR";
  public static final String DESTINATION_CONTEXT = PREFIX + "DESTINATION_CONTEXT";
  public static final String DESTINATION_IDLE_TIMEOUT = PREFIX + "DESTINATION_IDLE_TIMEOUT";
  public static final String DESTINATION_PREWARM_AUTHORITIES =
      PREFIX + "DESTINATION_PREWARM_AUTHORITIES";
  public static final String OUTBOUND_BALANCER = PREFIX + "OUTBOUND_BALANCER";
  public static final String SHUTDOWN_GRACE_PERIOD = PREFIX + "SHUTDOWN_GRACE_PERIOD";
  public static final String HTTP1_MAX_INITIAL_LINE_LENGTH =
      PREFIX + "HTTP1_MAX_INITIAL_LINE_LENGTH";
  public static final String HTTP1_MAX_HEADER_SIZE = PREFIX + "HTTP1_MAX_HEADER_SIZE";
  public static final String HTTP1_MAX_CHUNK_SIZE = PREFIX + "HTTP1_MAX_CHUNK_SIZE";
  public static final String HTTP2_MAX_CONCURRENT_STREAMS = PREFIX + "HTTP2_MAX_CONCURRENT_STREAMS";
  public static final String HTTP2_MAX_HEADER_LIST_SIZE = PREFIX + "HTTP2_MAX_HEADER_LIST_SIZE";
  public static final String HTTP2_INITIAL_WINDOW_SIZE = PREFIX + "HTTP2_INITIAL_WINDOW_SIZE";
  public static final String HTTP2_MAX_RESET_FRAMES = PREFIX + "HTTP2_MAX_RESET_FRAMES";
  public static final String HTTP2_RESET_WINDOW = PREFIX + "HTTP2_RESET_WINDOW";
  public static final String IDENTITY_LOCAL_NAME = PREFIX + "IDENTITY_LOCAL_NAME";
  public static final String IDENTITY_TRUST_ANCHORS_FILE = PREFIX + "IDENTITY_TRUST_ANCHORS_FILE";
  public static final String IDENTITY_TRUST_ANCHORS_PEM = PREFIX + "IDENTITY_TRUST_ANCHORS_PEM";
  public static final String IDENTITY_SVC_ADDR = PREFIX + "IDENTITY_SVC_ADDR";
  public static final String IDENTITY_SVC_NAME = PREFIX + "IDENTITY_SVC_NAME";
  public static final String IDENTITY_TOKEN_FILE = PREFIX + "IDENTITY_TOKEN_FILE";
  public static final String IDENTITY_CERT_FILE = PREFIX + "IDENTITY_CERT_FILE";
  public static final String IDENTITY_KEY_FILE = PREFIX + "IDENTITY_KEY_FILE";
  public static final String INBOUND_PORTS_REQUIRE_IDENTITY =
      PREFIX + "INBOUND_PORTS_REQUIRE_IDENTITY";
  public static final String TAP_LISTEN_ADDR = PREFIX + "TAP_LISTEN_ADDR";
  public static final String TAP_SVC_NAME = PREFIX + "TAP_SVC_NAME";
  public static final String TAP_DISABLED = PREFIX + "TAP_DISABLED";
  public static final String TAP_MAX_RPS = PREFIX + "TAP_MAX_RPS";
  public static final String TAP_MAX_STREAMS = PREFIX + "TAP_MAX_STREAMS";

  private static final List<String> KNOWN_VARIABLES =
      List.of(
          OUTBOUND_LISTEN_ADDR,
          INBOUND_LISTEN_ADDR,
          ADMIN_LISTEN_ADDR,
          INBOUND_FORWARD_ADDR,
          DETECT_PROTOCOL_TIMEOUT,
          OPAQUE_PORTS,
          CONNECT_TIMEOUT,
          CONNECTION_IDLE_TIMEOUT,
          POOL_IDLE_TIMEOUT,
          EVENT_LOOP_THREADS,
          TRANSPORT,
          LOG_LEVEL,
          DESTINATIONS_FILE,
          DESTINATION_SVC_ADDR,
          DESTINATION_CONTEXT,
          DESTINATION_IDLE_TIMEOUT,
          DESTINATION_PREWARM_AUTHORITIES,
          OUTBOUND_BALANCER,
          SHUTDOWN_GRACE_PERIOD,
          HTTP1_MAX_INITIAL_LINE_LENGTH,
          HTTP1_MAX_HEADER_SIZE,
          HTTP1_MAX_CHUNK_SIZE,
          HTTP2_MAX_CONCURRENT_STREAMS,
          HTTP2_MAX_HEADER_LIST_SIZE,
          HTTP2_INITIAL_WINDOW_SIZE,
          HTTP2_MAX_RESET_FRAMES,
          HTTP2_RESET_WINDOW,
          IDENTITY_LOCAL_NAME,
          IDENTITY_TRUST_ANCHORS_FILE,
          IDENTITY_TRUST_ANCHORS_PEM,
          IDENTITY_SVC_ADDR,
          IDENTITY_SVC_NAME,
          IDENTITY_TOKEN_FILE,
          IDENTITY_CERT_FILE,
          IDENTITY_KEY_FILE,
          INBOUND_PORTS_REQUIRE_IDENTITY,
          TAP_LISTEN_ADDR,
          TAP_SVC_NAME,
          TAP_DISABLED,
          TAP_MAX_RPS,
          TAP_MAX_STREAMS);

  /**
   * Needed whatever the certificate's source: the local name and the trust anchors, from a file or
   * inline ({@link #IDENTITY_TRUST_ANCHORS_PEM} takes the file's place in {@link #identityCommon}).
   */
  private static final List<String> IDENTITY_COMMON =
      List.of(IDENTITY_LOCAL_NAME, IDENTITY_TRUST_ANCHORS_FILE);

  /** How a message asks for the trust anchors when neither variable is set. */
  private static final String EITHER_TRUST_ANCHORS =
      IDENTITY_TRUST_ANCHORS_FILE + " (or " + IDENTITY_TRUST_ANCHORS_PEM + ")";

  /** A certificate from the identity service. */
  private static final List<String> IDENTITY_SERVICE =
      List.of(IDENTITY_SVC_ADDR, IDENTITY_TOKEN_FILE);

  /** A certificate from files. */
  private static final List<String> IDENTITY_FILES = List.of(IDENTITY_CERT_FILE, IDENTITY_KEY_FILE);

  /** Settings of the destination client, meaningless without its address. */
  private static final List<String> DESTINATION_SETTINGS =
      List.of(DESTINATION_CONTEXT, DESTINATION_IDLE_TIMEOUT, DESTINATION_PREWARM_AUTHORITIES);

  private static final Set<String> KNOWN_SET = Set.copyOf(KNOWN_VARIABLES);

  /** The built-in default of each variable that has one, in the form a user would write it. */
  private static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry(OUTBOUND_LISTEN_ADDR, "127.0.0.1:4140"),
          Map.entry(INBOUND_LISTEN_ADDR, "0.0.0.0:4143"),
          Map.entry(ADMIN_LISTEN_ADDR, "0.0.0.0:4191"),
          Map.entry(DETECT_PROTOCOL_TIMEOUT, "10s"),
          Map.entry(OPAQUE_PORTS, "25,587,3306,4444,5432,6379,9300,11211"),
          Map.entry(CONNECT_TIMEOUT, "1s"),
          Map.entry(CONNECTION_IDLE_TIMEOUT, "10m"),
          Map.entry(POOL_IDLE_TIMEOUT, "20s"),
          Map.entry(TRANSPORT, "auto"),
          Map.entry(LOG_LEVEL, "info"),
          Map.entry(DESTINATION_IDLE_TIMEOUT, "10m"),
          Map.entry(OUTBOUND_BALANCER, "peak-ewma"),
          Map.entry(SHUTDOWN_GRACE_PERIOD, "30s"),
          Map.entry(HTTP1_MAX_INITIAL_LINE_LENGTH, "8192"),
          Map.entry(HTTP1_MAX_HEADER_SIZE, "16384"),
          Map.entry(HTTP1_MAX_CHUNK_SIZE, "16384"),
          Map.entry(HTTP2_MAX_CONCURRENT_STREAMS, "1000"),
          Map.entry(HTTP2_MAX_HEADER_LIST_SIZE, "16384"),
          Map.entry(HTTP2_INITIAL_WINDOW_SIZE, "65535"),
          Map.entry(HTTP2_MAX_RESET_FRAMES, "200"),
          Map.entry(HTTP2_RESET_WINDOW, "30s"),
          Map.entry(TAP_LISTEN_ADDR, "0.0.0.0:4190"),
          Map.entry(TAP_DISABLED, "false"),
          Map.entry(TAP_MAX_RPS, "100"),
          Map.entry(TAP_MAX_STREAMS, "4"));

  /** The log level names, most verbose first, and the java.util.logging level each means. */
  private static final Map<String, Level> LOG_LEVELS =
      Map.of(
          "trace", Level.FINER,
          "debug", Level.FINE,
          "info", Level.INFO,
          "warn", Level.WARNING,
          "error", Level.SEVERE,
          "off", Level.OFF);

  private static final String LOG_LEVEL_CHOICES = "trace, debug, info, warn, error or off";

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,18})(ms|s|m|h)");
  private static final String DURATION_EXAMPLES = "such as 500ms, 10s or 1m";

  private static final String IDENTITY_NAME_EXAMPLE =
      "web.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String IDENTITY_SVC_ADDR_EXAMPLE =
      "mesh-identity.meshctl-system.svc.cluster.local:8080";
  private static final String DESTINATION_SVC_ADDR_EXAMPLE =
      "mesh-destination.meshctl-system.svc.cluster.local:8086";

  private static final String IDENTITY_SVC_NAME_EXAMPLE =
      "meshctl-identity.meshctl-system.serviceaccount.identity.meshctl-system.cluster.local";

  private static final String TAP_SVC_NAME_EXAMPLE =
      "meshctl-controller.meshctl-system.serviceaccount.identity.meshctl-system.cluster.local";

  private static final int MAX_EVENT_LOOP_THREADS = 64;
  private static final int MAX_TAP_RPS = 100_000;
  private static final int MAX_TAP_STREAMS = 1_000;
  private static final int MAX_HTTP1_SIZE = 16 * 1024 * 1024;

  private EnvironmentConfig() {}

  /**
   * Parses and validates the environment.
   *
   * @param env the environment, usually {@code System.getenv()}; entries without the {@code
   *     MESH_PROXY_} prefix are ignored
   * @throws ConfigException on the first variable that is unknown or has a bad value
   */
  public static ProxyConfig parse(Map<String, String> env) {
    return parse(env, Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #parse(Map)}, with the processor count (which sets a default) given. */
  static ProxyConfig parse(Map<String, String> env, int availableProcessors) {
    rejectUnknownVariables(env);
    InetSocketAddress outbound = listenAddress(env, OUTBOUND_LISTEN_ADDR);
    InetSocketAddress inbound = listenAddress(env, INBOUND_LISTEN_ADDR);
    InetSocketAddress admin = listenAddress(env, ADMIN_LISTEN_ADDR);
    rejectSharedPort(env, INBOUND_LISTEN_ADDR, inbound, OUTBOUND_LISTEN_ADDR, outbound);
    rejectSharedPort(env, ADMIN_LISTEN_ADDR, admin, OUTBOUND_LISTEN_ADDR, outbound);
    rejectSharedPort(env, ADMIN_LISTEN_ADDR, admin, INBOUND_LISTEN_ADDR, inbound);
    InetSocketAddress tap = listenAddress(env, TAP_LISTEN_ADDR);
    rejectSharedPort(env, TAP_LISTEN_ADDR, tap, OUTBOUND_LISTEN_ADDR, outbound);
    rejectSharedPort(env, TAP_LISTEN_ADDR, tap, INBOUND_LISTEN_ADDR, inbound);
    rejectSharedPort(env, TAP_LISTEN_ADDR, tap, ADMIN_LISTEN_ADDR, admin);
    Optional<InetSocketAddress> forward = forwardAddress(env, inbound);
    Optional<IdentityConfig> identity = identity(env);
    Set<Integer> requireIdentity = inboundPortsRequireIdentity(env, identity.isPresent());
    return new ProxyConfig(
        outbound,
        inbound,
        admin,
        forward,
        duration(env, DETECT_PROTOCOL_TIMEOUT, false),
        opaquePorts(env),
        duration(env, CONNECT_TIMEOUT, false),
        duration(env, CONNECTION_IDLE_TIMEOUT, false),
        duration(env, POOL_IDLE_TIMEOUT, false),
        eventLoopThreads(env, availableProcessors),
        transport(env),
        logLevel(env),
        destinationsFile(env),
        outboundBalancer(env),
        duration(env, SHUTDOWN_GRACE_PERIOD, true),
        new Http1Limits(
            integer(env, HTTP1_MAX_INITIAL_LINE_LENGTH, 1, MAX_HTTP1_SIZE, "a size in bytes"),
            integer(env, HTTP1_MAX_HEADER_SIZE, 1, MAX_HTTP1_SIZE, "a size in bytes"),
            integer(env, HTTP1_MAX_CHUNK_SIZE, 1, MAX_HTTP1_SIZE, "a size in bytes")),
        new Http2Limits(
            integer(env, HTTP2_MAX_CONCURRENT_STREAMS, 1, Integer.MAX_VALUE, "a stream count"),
            integer(env, HTTP2_MAX_HEADER_LIST_SIZE, 1, Integer.MAX_VALUE, "a size in bytes"),
            // RFC 9113 section 6.9.2: a window is at most 2^31-1 octets.
            integer(env, HTTP2_INITIAL_WINDOW_SIZE, 1, Integer.MAX_VALUE, "a size in bytes"),
            integer(env, HTTP2_MAX_RESET_FRAMES, 1, Integer.MAX_VALUE, "a frame count"),
            resetWindow(env)),
        identity,
        requireIdentity,
        destinationService(env),
        tap(env, tap));
  }

  /** Every variable the proxy reads, in the order {@code mesh-proxy/README.md} lists them. */
  public static List<String> knownVariables() {
    return KNOWN_VARIABLES;
  }

  /**
   * The built-in default of a variable, as a user would write it, or empty when unset by default
   * ({@link #INBOUND_FORWARD_ADDR}, {@link #DESTINATIONS_FILE}, {@link #DESTINATION_SVC_ADDR}, the
   * identity variables) or computed ({@link #EVENT_LOOP_THREADS}: the smaller of 2 and the
   * processor count).
   *
   * @throws IllegalArgumentException when {@code variable} is not a known variable
   */
  public static Optional<String> defaultValue(String variable) {
    if (!KNOWN_SET.contains(variable)) {
      throw new IllegalArgumentException(variable + " is not a known variable");
    }
    return Optional.ofNullable(DEFAULTS.get(variable));
  }

  /**
   * Parses a log level name: {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code
   * error} or {@code off}, in any case, meaning {@link Level#FINER}, {@link Level#FINE}, {@link
   * Level#INFO}, {@link Level#WARNING}, {@link Level#SEVERE} and {@link Level#OFF}.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static Level parseLogLevel(String name) {
    Level level = name == null ? null : LOG_LEVELS.get(name.trim().toLowerCase(Locale.ROOT));
    if (level == null) {
      String shown = name == null ? "null" : "\"" + ConfigException.printable(name) + "\"";
      throw new IllegalArgumentException(
          "unknown log level " + shown + "; expected " + LOG_LEVEL_CHOICES);
    }
    return level;
  }

  /**
   * The name {@link #parseLogLevel} accepts for a level. A java.util.logging level between two
   * named ones gets the name of the more verbose one whose messages it still shows (for example
   * {@link Level#CONFIG} is {@code info}, {@link Level#FINEST} and {@link Level#ALL} are {@code
   * trace}).
   */
  public static String logLevelName(Level level) {
    int value = level.intValue();
    if (value <= Level.FINER.intValue()) {
      return "trace";
    } else if (value <= Level.FINE.intValue()) {
      return "debug";
    } else if (value <= Level.INFO.intValue()) {
      return "info";
    } else if (value <= Level.WARNING.intValue()) {
      return "warn";
    } else if (value < Level.OFF.intValue()) {
      return "error";
    }
    return "off";
  }

  private static void rejectUnknownVariables(Map<String, String> env) {
    // Sorted, so that the error reported first does not depend on the map's iteration order.
    for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
      String name = entry.getKey();
      if (name.toUpperCase(Locale.ROOT).startsWith(PREFIX) && !KNOWN_SET.contains(name)) {
        throw new ConfigException(
            name
                + "=\""
                + ConfigException.printable(entry.getValue())
                + "\": unknown variable; did you mean "
                + closestKnownVariable(name)
                + "? (mesh-proxy/README.md lists every variable)");
      }
    }
  }

  /**
   * The known variable {@code name} most likely meant, ignoring case: the one with the smallest
   * edit distance, among those that have every word of {@code name} when there are any. A word left
   * out ({@code OUTBOUND_ADDR}) is a common slip that plain edit distance can score as far from the
   * intended variable as from an unrelated one of similar length ({@code OUTBOUND_BALANCER}).
   */
  static String closestKnownVariable(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    List<String> words = List.of(upper.split("_"));
    List<String> withEveryWord =
        KNOWN_VARIABLES.stream()
            .filter(known -> List.of(known.split("_")).containsAll(words))
            .toList();
    List<String> candidates = withEveryWord.isEmpty() ? KNOWN_VARIABLES : withEveryWord;
    String best = candidates.get(0);
    int bestDistance = Integer.MAX_VALUE;
    for (String known : candidates) {
      int distance = editDistance(upper, known);
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions each count one. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The value as set, or null when unset or blank. */
  private static String explicit(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The value as set, else the default. */
  private static String valueOrDefault(Map<String, String> env, String name) {
    String value = explicit(env, name);
    return value != null ? value : DEFAULTS.get(name);
  }

  private static InetSocketAddress listenAddress(Map<String, String> env, String name) {
    String value = valueOrDefault(env, name);
    try {
      return SocketAddresses.parseIpAndPort(value, true);
    } catch (IllegalArgumentException e) {
      InetSocketAddress example = SocketAddresses.parseIpAndPort(DEFAULTS.get(name), true);
      String v6 = example.getAddress().isLoopbackAddress() ? "[::1]:" : "[::]:";
      throw new ConfigException(
          name,
          value,
          "an IP address and port such as "
              + DEFAULTS.get(name)
              + " or "
              + v6
              + example.getPort()
              + " ("
              + e.getMessage()
              + ")");
    }
  }

  /** Two listeners cannot bind one port when either is a wildcard or both use the same IP. */
  private static void rejectSharedPort(
      Map<String, String> env,
      String name,
      InetSocketAddress address,
      String otherName,
      InetSocketAddress other) {
    if (address.getPort() != 0
        && address.getPort() == other.getPort()
        && (address.getAddress().isAnyLocalAddress()
            || other.getAddress().isAnyLocalAddress()
            || address.getAddress().equals(other.getAddress()))) {
      // Blame the variable the user set rather than a default.
      boolean blameOther = explicit(env, name) == null && explicit(env, otherName) != null;
      String blamed = blameOther ? otherName : name;
      String unblamed = blameOther ? name : otherName;
      throw new ConfigException(
          blamed,
          valueOrDefault(env, blamed),
          "a port that " + unblamed + " (" + valueOrDefault(env, unblamed) + ") does not use");
    }
  }

  private static Optional<InetSocketAddress> forwardAddress(
      Map<String, String> env, InetSocketAddress inbound) {
    String value = explicit(env, INBOUND_FORWARD_ADDR);
    if (value == null) {
      return Optional.empty();
    }
    InetSocketAddress forward;
    try {
      forward = SocketAddresses.parseIpAndPort(value, false);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          INBOUND_FORWARD_ADDR,
          value,
          "an IP address and port such as 127.0.0.1:8080 or [::1]:8080 (" + e.getMessage() + ")");
    }
    if (forward.getPort() == inbound.getPort()
        && (inbound.getAddress().isAnyLocalAddress()
            || inbound.getAddress().equals(forward.getAddress()))) {
      throw new ConfigException(
          INBOUND_FORWARD_ADDR,
          value,
          "an address other than the inbound listener's own ("
              + INBOUND_LISTEN_ADDR
              + "), which would loop traffic back to the proxy");
    }
    return Optional.of(forward);
  }

  private static Duration duration(Map<String, String> env, String name, boolean zeroAllowed) {
    String value = valueOrDefault(env, name);
    Duration duration = parseDuration(name, value, zeroAllowed);
    if (duration.isZero() && !zeroAllowed) {
      throw new ConfigException(
          name,
          value,
          "a duration greater than zero "
              + DURATION_EXAMPLES
              + " (zero is allowed only for "
              + SHUTDOWN_GRACE_PERIOD
              + ")");
    }
    return duration;
  }

  private static Duration parseDuration(String name, String value, boolean zeroAllowed) {
    Matcher matcher = DURATION.matcher(value);
    if (!matcher.matches()) {
      String expected =
          zeroAllowed
              ? "a duration such as 0s, 500ms, 10s or 1m"
              : "a duration " + DURATION_EXAMPLES;
      if (value.startsWith("-")) {
        expected += " (negative durations are not allowed)";
      } else if (value.chars().allMatch(Character::isDigit)) {
        expected += " (the unit ms, s, m or h is required)";
      }
      throw new ConfigException(name, value, expected);
    }
    long amount = Long.parseLong(matcher.group(1));
    ChronoUnit unit =
        switch (matcher.group(2)) {
          case "ms" -> ChronoUnit.MILLIS;
          case "s" -> ChronoUnit.SECONDS;
          case "m" -> ChronoUnit.MINUTES;
          default -> ChronoUnit.HOURS;
        };
    try {
      Duration duration = Duration.of(amount, unit);
      duration.toNanos(); // timers count in nanoseconds: about 292 years at most
      return duration;
    } catch (ArithmeticException e) {
      throw new ConfigException(name, value, "a duration of at most 2562047h");
    }
  }

  /** Netty counts the HTTP/2 reset window in whole seconds; anything else would be truncated. */
  private static Duration resetWindow(Map<String, String> env) {
    Duration window = duration(env, HTTP2_RESET_WINDOW, false);
    if (window.toMillis() % 1000 != 0 || window.getSeconds() > Integer.MAX_VALUE) {
      throw new ConfigException(
          HTTP2_RESET_WINDOW,
          valueOrDefault(env, HTTP2_RESET_WINDOW),
          "a whole number of seconds such as 10s, 30s or 1m, up to " + Integer.MAX_VALUE + "s");
    }
    return window;
  }

  private static int integer(
      Map<String, String> env, String name, int min, int max, String description) {
    String value = valueOrDefault(env, name);
    if (value.length() <= 10 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      long number = Long.parseLong(value);
      if (number >= min && number <= max) {
        return (int) number;
      }
    }
    throw new ConfigException(name, value, description + " from " + min + " to " + max);
  }

  private static int eventLoopThreads(Map<String, String> env, int availableProcessors) {
    if (explicit(env, EVENT_LOOP_THREADS) == null) {
      return Math.max(1, Math.min(2, availableProcessors));
    }
    return integer(env, EVENT_LOOP_THREADS, 1, MAX_EVENT_LOOP_THREADS, "a thread count");
  }

  private static Transport transport(Map<String, String> env) {
    String value = valueOrDefault(env, TRANSPORT);
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "auto" -> Transport.AUTO;
      case "epoll" -> Transport.EPOLL;
      case "nio" -> Transport.NIO;
      default -> throw new ConfigException(TRANSPORT, value, "auto, epoll or nio");
    };
  }

  private static Balancer outboundBalancer(Map<String, String> env) {
    String value = valueOrDefault(env, OUTBOUND_BALANCER);
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "peak-ewma" -> Balancer.PEAK_EWMA;
      case "round-robin" -> Balancer.ROUND_ROBIN;
      default -> throw new ConfigException(OUTBOUND_BALANCER, value, "peak-ewma or round-robin");
    };
  }

  private static Level logLevel(Map<String, String> env) {
    String value = valueOrDefault(env, LOG_LEVEL);
    try {
      return parseLogLevel(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(LOG_LEVEL, value, LOG_LEVEL_CHOICES);
    }
  }

  private static Optional<Path> destinationsFile(Map<String, String> env) {
    return explicit(env, DESTINATIONS_FILE) == null
        ? Optional.empty()
        : Optional.of(readableFile(env, DESTINATIONS_FILE, "destinations file"));
  }

  /** The path of a variable that is set, which must name a readable regular file. */
  private static Path readableFile(Map<String, String> env, String name, String what) {
    String value = explicit(env, name);
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigException(name, value, "the path of a " + what + " (" + e.getReason() + ")");
    }
    String problem = null;
    if (!Files.exists(path)) {
      problem = "it does not exist";
    } else if (!Files.isRegularFile(path)) {
      problem = "it is not a regular file";
    } else if (!Files.isReadable(path)) {
      problem = "it is not readable";
    }
    if (problem != null) {
      throw new ConfigException(
          name, value, "the path of a readable " + what + " (" + problem + ")");
    }
    return path;
  }

  /**
   * The identity, when any {@code MESH_PROXY_IDENTITY_*} variable is set: then the local name and
   * the trust anchors, and either the identity service's address and token or the certificate and
   * key files, must all be set, and nothing of the other source.
   */
  private static Optional<IdentityConfig> identity(Map<String, String> env) {
    if (explicit(env, IDENTITY_SVC_NAME) != null && explicit(env, IDENTITY_SVC_ADDR) == null) {
      throw new ConfigException(
          IDENTITY_SVC_NAME,
          env.get(IDENTITY_SVC_NAME),
          "nothing unless "
              + IDENTITY_SVC_ADDR
              + " is set too: it is the identity the identity service at that address must prove"
              + " with its TLS certificate");
    }
    List<String> service = setAmong(env, IDENTITY_SERVICE);
    List<String> files = setAmong(env, IDENTITY_FILES);
    List<String> identityCommon = identityCommon(env);
    List<String> common = setAmong(env, identityCommon);
    if (service.isEmpty() && files.isEmpty() && common.isEmpty()) {
      return Optional.empty();
    }
    if (explicit(env, IDENTITY_TRUST_ANCHORS_FILE) != null
        && explicit(env, IDENTITY_TRUST_ANCHORS_PEM) != null) {
      throw new ConfigException(
          "conflicting identity settings: "
              + IDENTITY_TRUST_ANCHORS_FILE
              + " and "
              + IDENTITY_TRUST_ANCHORS_PEM
              + " are both set, but the trust anchors come either from a file or inline, not"
              + " both: unset one of them");
    }
    if (!service.isEmpty() && !files.isEmpty()) {
      List<String> both = new ArrayList<>(service);
      both.addAll(files);
      throw new ConfigException(
          "conflicting identity settings: "
              + and(both)
              + " are set, but the certificate comes either from the identity service ("
              + and(IDENTITY_SERVICE)
              + ") or from files ("
              + and(IDENTITY_FILES)
              + "), not both");
    }
    if (service.isEmpty() && files.isEmpty()) {
      throw new ConfigException(
          "incomplete identity settings: "
              + and(common)
              + (common.size() == 1 ? " is" : " are")
              + " set, but not where the certificate comes from: set "
              + and(missing(env, identityCommon, IDENTITY_SERVICE))
              + " (from the identity service), or "
              + and(missing(env, identityCommon, IDENTITY_FILES))
              + " (from files)");
    }
    boolean fromService = !service.isEmpty();
    List<String> sourceVariables = fromService ? IDENTITY_SERVICE : IDENTITY_FILES;
    List<String> missing = missing(env, identityCommon, sourceVariables);
    if (!missing.isEmpty()) {
      List<String> set = new ArrayList<>(common);
      set.addAll(fromService ? service : files);
      throw new ConfigException(
          "incomplete identity settings: "
              + and(set)
              + (set.size() == 1 ? " is" : " are")
              + " set, so the certificate comes "
              + (fromService ? "from the identity service" : "from files")
              + ", which also needs "
              + and(missing));
    }
    String localName = localName(env);
    TrustAnchors anchors =
        explicit(env, IDENTITY_TRUST_ANCHORS_PEM) != null
            ? trustAnchorsPem(explicit(env, IDENTITY_TRUST_ANCHORS_PEM))
            : new TrustAnchorsFile(
                readableFile(env, IDENTITY_TRUST_ANCHORS_FILE, "PEM file of trust anchors"));
    CertificateSource source =
        fromService
            ? identityService(env)
            : new CertificateFiles(
                readableFile(env, IDENTITY_CERT_FILE, "PEM file of a certificate chain"),
                readableFile(env, IDENTITY_KEY_FILE, "PEM file of a private key"));
    return Optional.of(new IdentityConfig(localName, anchors, source));
  }

  /** The tap server's settings; whether it runs is decided with the identity at start. */
  private static TapConfig tap(Map<String, String> env, InetSocketAddress listenAddr) {
    String disabled = valueOrDefault(env, TAP_DISABLED);
    boolean off =
        switch (disabled.toLowerCase(Locale.ROOT)) {
          case "true" -> true;
          case "false" -> false;
          default -> throw new ConfigException(TAP_DISABLED, disabled, "true or false");
        };
    Optional<String> serviceName = Optional.ofNullable(explicit(env, TAP_SVC_NAME));
    serviceName.ifPresent(
        name -> {
          String problem = dnsNameProblem(name, false);
          if (problem != null) {
            throw new ConfigException(
                TAP_SVC_NAME,
                name,
                "the identity allowed to tap, a DNS name such as "
                    + TAP_SVC_NAME_EXAMPLE
                    + " ("
                    + problem
                    + ")");
          }
        });
    return new TapConfig(
        off,
        listenAddr,
        explicit(env, TAP_LISTEN_ADDR) != null,
        serviceName.map(name -> name.toLowerCase(Locale.ROOT)),
        integer(env, TAP_MAX_RPS, 1, MAX_TAP_RPS, "a number of requests per second"),
        integer(env, TAP_MAX_STREAMS, 1, MAX_TAP_STREAMS, "a number of taps"));
  }

  /**
   * {@link #IDENTITY_COMMON}, with the inline trust anchors in the file's place when they are set.
   */
  private static List<String> identityCommon(Map<String, String> env) {
    return explicit(env, IDENTITY_TRUST_ANCHORS_PEM) == null
        ? IDENTITY_COMMON
        : List.of(IDENTITY_LOCAL_NAME, IDENTITY_TRUST_ANCHORS_PEM);
  }

  /**
   * The inline trust anchors, checked to be a PEM bundle of X.509 certificates (with the JDK's
   * parser; the identity source reads them again). A message never shows the value: only where it
   * goes wrong.
   */
  private static TrustAnchorsPem trustAnchorsPem(String pem) {
    String problem = null;
    int blocks = pem.split("-----BEGIN CERTIFICATE-----", -1).length - 1;
    if (pem.contains("PRIVATE KEY-----")) {
      problem = "it holds a private key, which must never be among the trust anchors";
    } else if (blocks == 0) {
      problem = "it has no -----BEGIN CERTIFICATE----- line";
    } else {
      try {
        Collection<? extends Certificate> certificates =
            CertificateFactory.getInstance("X.509")
                .generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certificates.size() != blocks) {
          problem =
              "it has "
                  + blocks
                  + " CERTIFICATE block(s), of which "
                  + certificates.size()
                  + " could be read";
        }
      } catch (CertificateException e) {
        problem = "its certificates cannot be read: " + e.getMessage();
      }
    }
    if (problem != null) {
      throw new ConfigException(
          IDENTITY_TRUST_ANCHORS_PEM
              + " (a value of "
              + pem.length()
              + " characters, not shown): expected the trust anchors as PEM, one or more"
              + " -----BEGIN CERTIFICATE----- blocks ("
              + problem
              + ")");
    }
    return new TrustAnchorsPem(pem);
  }

  /** The variables of {@code names} that are set, in that order. */
  private static List<String> setAmong(Map<String, String> env, List<String> names) {
    return names.stream().filter(name -> explicit(env, name) != null).toList();
  }

  /** The variables of {@code common} and {@code source} that are not set, in that order. */
  private static List<String> missing(
      Map<String, String> env, List<String> common, List<String> source) {
    List<String> missing = new ArrayList<>();
    for (List<String> names : List.of(common, source)) {
      names.stream()
          .filter(name -> explicit(env, name) == null)
          .map(name -> name.equals(IDENTITY_TRUST_ANCHORS_FILE) ? EITHER_TRUST_ANCHORS : name)
          .forEach(missing::add);
    }
    return missing;
  }

  /** {@code A}, {@code A and B}, {@code A, B and C}. */
  private static String and(List<String> names) {
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }

  private static String localName(Map<String, String> env) {
    String value = explicit(env, IDENTITY_LOCAL_NAME);
    String problem = dnsNameProblem(value, false);
    if (problem != null) {
      throw new ConfigException(
          IDENTITY_LOCAL_NAME,
          value,
          "a DNS name such as " + IDENTITY_NAME_EXAMPLE + " (" + problem + ")");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /**
   * What makes {@code name} not a DNS host name (RFC 1123 section 2.1: dot-separated labels of
   * letters, digits and hyphens, at most 63 characters each and 253 in all, no hyphen first or
   * last), or null when it is one. A name whose last label is all digits is an IP address, not a
   * name.
   */
  static String dnsNameProblem(String name, boolean trailingDotAllowed) {
    String body =
        trailingDotAllowed && name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (body.endsWith(".")) {
      return "it ends with a dot";
    }
    if (body.length() > 253) {
      return "it is longer than 253 characters";
    }
    String[] labels = body.split("\\.", -1);
    for (String label : labels) {
      if (label.isEmpty()) {
        return "it has an empty label";
      }
      if (label.length() > 63) {
        return "the label '" + label + "' is longer than 63 characters";
      }
      if (!label.chars().allMatch(c -> c == '-' || (c < 128 && Character.isLetterOrDigit(c)))) {
        return "'" + label + "' has a character other than a letter, a digit or '-'";
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        return "the label '" + label + "' starts or ends with '-'";
      }
    }
    if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "an IP address is not a DNS name";
    }
    return null;
  }

  /**
   * The identity service's {@code host:port}: a DNS name (the identity service is a Kubernetes
   * Service) or an IP literal, IPv6 in brackets; and the identity it must prove with TLS, when
   * {@link #IDENTITY_SVC_NAME} is set (a DNS name, lower-cased).
   */
  private static IdentityService identityService(Map<String, String> env) {
    String value = explicit(env, IDENTITY_SVC_ADDR);
    Path token = readableFile(env, IDENTITY_TOKEN_FILE, "token file");
    HostPort address = serviceAddress(IDENTITY_SVC_ADDR, value, IDENTITY_SVC_ADDR_EXAMPLE);
    Optional<String> serverName = Optional.ofNullable(explicit(env, IDENTITY_SVC_NAME));
    serverName.ifPresent(
        name -> {
          String problem = dnsNameProblem(name, false);
          if (problem != null) {
            throw new ConfigException(
                IDENTITY_SVC_NAME,
                name,
                "the identity service's identity, a DNS name such as "
                    + IDENTITY_SVC_NAME_EXAMPLE
                    + " ("
                    + problem
                    + ")");
          }
        });
    return new IdentityService(
        address.host(),
        address.port(),
        token,
        serverName.map(name -> name.toLowerCase(Locale.ROOT)));
  }

  /**
   * The controller's Destination API, when {@link #DESTINATION_SVC_ADDR} is set; its other settings
   * are refused without it, since they would be silently ignored.
   */
  private static Optional<DestinationServiceConfig> destinationService(Map<String, String> env) {
    String value = explicit(env, DESTINATION_SVC_ADDR);
    if (value == null) {
      List<String> orphans = setAmong(env, DESTINATION_SETTINGS);
      if (!orphans.isEmpty()) {
        throw new ConfigException(
            orphans.get(0),
            env.get(orphans.get(0)),
            "nothing unless "
                + DESTINATION_SVC_ADDR
                + " is set too: it configures the client of the controller's Destination API");
      }
      return Optional.empty();
    }
    HostPort address = serviceAddress(DESTINATION_SVC_ADDR, value, DESTINATION_SVC_ADDR_EXAMPLE);
    String context = explicit(env, DESTINATION_CONTEXT);
    return Optional.of(
        new DestinationServiceConfig(
            address.host(),
            address.port(),
            context == null ? "" : context,
            duration(env, DESTINATION_IDLE_TIMEOUT, false),
            prewarmAuthorities(env)));
  }

  /** A comma-separated list of {@code host:port} authorities, normalised; empty for none. */
  private static List<String> prewarmAuthorities(Map<String, String> env) {
    String value = explicit(env, DESTINATION_PREWARM_AUTHORITIES);
    if (value == null) {
      return List.of();
    }
    List<String> authorities = new ArrayList<>();
    for (String item : value.split(",", -1)) {
      String text = item.trim();
      try {
        if (text.isEmpty()) {
          throw new IllegalArgumentException("an item is empty");
        }
        HostPort authority = hostAndPort(text);
        String normalised = authority.toString();
        if (authorities.contains(normalised)) {
          throw new IllegalArgumentException("it is listed twice");
        }
        authorities.add(normalised);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            DESTINATION_PREWARM_AUTHORITIES,
            value,
            "a comma-separated list of host:port authorities such as"
                + " web.demo.svc.cluster.local:8080,10.0.0.7:9090 ("
                + (text.isEmpty() ? "" : "'" + text + "': ")
                + e.getMessage()
                + ")");
      }
    }
    return List.copyOf(authorities);
  }

  /** A service's {@code host:port}, or a {@link ConfigException} naming the variable. */
  private static HostPort serviceAddress(String name, String value, String example) {
    try {
      return hostAndPort(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          name,
          value,
          "a host name or IP address and port such as " + example + " (" + e.getMessage() + ")");
    }
  }

  /**
   * {@code host:port}: a DNS name (one of the few places in the configuration where a name is
   * accepted, since the control plane's services are Kubernetes Services) or an IP literal, IPv6 in
   * brackets. A name is lower-cased.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  private static HostPort hostAndPort(String value) {
    if (value.startsWith("[")) {
      InetSocketAddress address = SocketAddresses.parseIpAndPort(value, false);
      return new HostPort(address.getAddress().getHostAddress(), address.getPort());
    }
    int colon = value.lastIndexOf(':');
    if (colon >= 0 && value.indexOf(':') != colon) {
      throw new IllegalArgumentException("IPv6 addresses must be in brackets, as in [::1]:8080");
    }
    if (colon < 0) {
      throw new IllegalArgumentException("the port is missing; write host:port");
    }
    String host = value.substring(0, colon);
    if (!host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
      InetSocketAddress address = SocketAddresses.parseIpAndPort(value, false);
      return new HostPort(address.getAddress().getHostAddress(), address.getPort());
    }
    String problem = dnsNameProblem(host, true);
    if (problem != null) {
      throw new IllegalArgumentException("the host name: " + problem);
    }
    int port = port(value.substring(colon + 1));
    if (port < 0) {
      throw new IllegalArgumentException(
          "the port '" + value.substring(colon + 1) + "' is not a number from 1 to 65535");
    }
    return new HostPort(host.toLowerCase(Locale.ROOT), port);
  }

  /** A host (a DNS name or an IP literal without brackets) and a port. */
  private record HostPort(String host, int port) {
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * Ports whose inbound connections must be mTLS; meaningless (every connection would be refused)
   * without an identity.
   */
  private static Set<Integer> inboundPortsRequireIdentity(
      Map<String, String> env, boolean identity) {
    Set<Integer> ports = portSet(env, INBOUND_PORTS_REQUIRE_IDENTITY, "8080,9000-9010");
    if (!ports.isEmpty() && !identity) {
      throw new ConfigException(
          INBOUND_PORTS_REQUIRE_IDENTITY,
          env.get(INBOUND_PORTS_REQUIRE_IDENTITY),
          "no ports when the proxy has no identity (set the MESH_PROXY_IDENTITY_* variables):"
              + " without a certificate, no connection to these ports could be accepted");
    }
    return ports;
  }

  /**
   * Parses a comma-separated list of ports and inclusive ranges ({@code 25,587,8000-8010}); an
   * empty list means none.
   */
  private static Set<Integer> opaquePorts(Map<String, String> env) {
    return portSet(env, OPAQUE_PORTS, "25,587,8000-8010");
  }

  /** A list of ports and ranges, the default (if any) when unset; empty means none. */
  private static Set<Integer> portSet(Map<String, String> env, String name, String example) {
    String value = env.get(name);
    if (value == null) {
      value = DEFAULTS.getOrDefault(name, "");
    }
    if (value.isBlank()) {
      return Set.of();
    }
    Set<Integer> ports = new HashSet<>();
    for (String item : value.split(",", -1)) {
      String problem = addPorts(ports, item.trim());
      if (problem != null) {
        throw new ConfigException(
            name,
            value,
            "a comma-separated list of ports and ranges such as "
                + example
                + ", or empty for none ("
                + problem
                + ")");
      }
    }
    return Set.copyOf(ports);
  }

  /** Adds the ports of one item ({@code 25} or {@code 8000-8010}), or says what is wrong. */
  private static String addPorts(Set<Integer> ports, String item) {
    if (item.isEmpty()) {
      return "an item is empty";
    }
    int dash = item.indexOf('-');
    int from = port(dash < 0 ? item : item.substring(0, dash).trim());
    int to = dash < 0 ? from : port(item.substring(dash + 1).trim());
    if (from < 0 || to < 0) {
      return "'" + item + "' is not a port from 1 to 65535 or a range of them";
    }
    if (to < from) {
      return "the range " + item + " ends before it starts";
    }
    for (int port = from; port <= to; port++) {
      ports.add(port);
    }
    return null;
  }

  /** The port, or -1 when the text is not a number from 1 to 65535. */
  private static int port(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    int port = Integer.parseInt(text);
    return port >= 1 && port <= 65535 ? port : -1;
  }
}
