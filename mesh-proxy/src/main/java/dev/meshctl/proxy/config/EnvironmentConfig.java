package dev.meshctl.proxy.config;

import dev.meshctl.proxy.config.ProxyConfig.Http1Limits;
import dev.meshctl.proxy.config.ProxyConfig.Http2Limits;
import dev.meshctl.proxy.config.ProxyConfig.Transport;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
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
 * System.getenv()}); the only outside state it looks at is whether the destinations file exists.
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
          SHUTDOWN_GRACE_PERIOD,
          HTTP1_MAX_INITIAL_LINE_LENGTH,
          HTTP1_MAX_HEADER_SIZE,
          HTTP1_MAX_CHUNK_SIZE,
          HTTP2_MAX_CONCURRENT_STREAMS,
          HTTP2_MAX_HEADER_LIST_SIZE,
          HTTP2_INITIAL_WINDOW_SIZE,
          HTTP2_MAX_RESET_FRAMES,
          HTTP2_RESET_WINDOW);

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
          Map.entry(SHUTDOWN_GRACE_PERIOD, "30s"),
          Map.entry(HTTP1_MAX_INITIAL_LINE_LENGTH, "8192"),
          Map.entry(HTTP1_MAX_HEADER_SIZE, "16384"),
          Map.entry(HTTP1_MAX_CHUNK_SIZE, "16384"),
          Map.entry(HTTP2_MAX_CONCURRENT_STREAMS, "1000"),
          Map.entry(HTTP2_MAX_HEADER_LIST_SIZE, "16384"),
          Map.entry(HTTP2_INITIAL_WINDOW_SIZE, "65535"),
          Map.entry(HTTP2_MAX_RESET_FRAMES, "200"),
          Map.entry(HTTP2_RESET_WINDOW, "30s"));

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

  private static final int MAX_EVENT_LOOP_THREADS = 64;
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
    Optional<InetSocketAddress> forward = forwardAddress(env, inbound);
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
            resetWindow(env)));
  }

  /** Every variable the proxy reads, in the order {@code mesh-proxy/README.md} lists them. */
  public static List<String> knownVariables() {
    return KNOWN_VARIABLES;
  }

  /**
   * The built-in default of a variable, as a user would write it, or empty when unset by default
   * ({@link #INBOUND_FORWARD_ADDR}, {@link #DESTINATIONS_FILE}) or computed ({@link
   * #EVENT_LOOP_THREADS}: the smaller of 2 and the processor count).
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

  /** The known variable with the smallest edit distance to {@code name}, ignoring case. */
  static String closestKnownVariable(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    String best = KNOWN_VARIABLES.get(0);
    int bestDistance = Integer.MAX_VALUE;
    for (String known : KNOWN_VARIABLES) {
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

  private static Level logLevel(Map<String, String> env) {
    String value = valueOrDefault(env, LOG_LEVEL);
    try {
      return parseLogLevel(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(LOG_LEVEL, value, LOG_LEVEL_CHOICES);
    }
  }

  private static Optional<Path> destinationsFile(Map<String, String> env) {
    String value = explicit(env, DESTINATIONS_FILE);
    if (value == null) {
      return Optional.empty();
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigException(
          DESTINATIONS_FILE, value, "the path of a destinations file (" + e.getReason() + ")");
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
          DESTINATIONS_FILE, value, "the path of a readable destinations file (" + problem + ")");
    }
    return Optional.of(path);
  }

  /**
   * Parses a comma-separated list of ports and inclusive ranges ({@code 25,587,8000-8010}); an
   * empty list means none.
   */
  private static Set<Integer> opaquePorts(Map<String, String> env) {
    String value = env.get(OPAQUE_PORTS);
    if (value == null) {
      value = DEFAULTS.get(OPAQUE_PORTS);
    }
    if (value.isBlank()) {
      return Set.of();
    }
    Set<Integer> ports = new HashSet<>();
    for (String item : value.split(",", -1)) {
      String problem = addPorts(ports, item.trim());
      if (problem != null) {
        throw new ConfigException(
            OPAQUE_PORTS,
            value,
            "a comma-separated list of ports and ranges such as 25,587,8000-8010, or empty for"
                + " none ("
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
