package dev.meshctl.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.meshctl.proxy.config.ProxyConfig.Balancer;
import dev.meshctl.proxy.config.ProxyConfig.Http1Limits;
import dev.meshctl.proxy.config.ProxyConfig.Http2Limits;
import dev.meshctl.proxy.config.ProxyConfig.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentConfigTest {

  private static ProxyConfig parse(String... keysAndValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      env.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return EnvironmentConfig.parse(env, 8);
  }

  private static ThrowableAssertAlternative<ConfigException> assertRejected(
      String variable, String value) {
    return assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> parse(variable, value));
  }

  @Test
  void emptyEnvironment_givesTheDocumentedDefaults() {
    ProxyConfig config = parse();

    assertThat(config.outboundListenAddr()).isEqualTo(new InetSocketAddress("127.0.0.1", 4140));
    assertThat(config.inboundListenAddr()).isEqualTo(new InetSocketAddress("0.0.0.0", 4143));
    assertThat(config.adminListenAddr()).isEqualTo(new InetSocketAddress("0.0.0.0", 4191));
    assertThat(config.inboundForwardAddr()).isEmpty();
    assertThat(config.detectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.opaquePorts())
        .containsExactlyInAnyOrder(25, 587, 3306, 4444, 5432, 6379, 9300, 11211);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.connectionIdleTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.poolIdleTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.eventLoopThreads()).isEqualTo(2);
    assertThat(config.transport()).isEqualTo(Transport.AUTO);
    assertThat(config.logLevel()).isEqualTo(Level.INFO);
    assertThat(config.destinationsFile()).isEmpty();
    assertThat(config.outboundBalancer()).isEqualTo(Balancer.PEAK_EWMA);
    assertThat(config.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.http1()).isEqualTo(new Http1Limits(8192, 16384, 16384));
    assertThat(config.http2())
        .isEqualTo(new Http2Limits(1000, 16384, 65535, 200, Duration.ofSeconds(30)));
    assertThat(config.identity()).isEmpty();
    assertThat(config.inboundPortsRequireIdentity()).isEmpty();
    assertThat(config.destinationService()).isEmpty();
  }

  @Test
  void publicParse_usesThisMachinesProcessorCountForTheThreadDefault() {
    int expected = Math.min(2, Runtime.getRuntime().availableProcessors());

    assertThat(EnvironmentConfig.parse(Map.of()).eventLoopThreads()).isEqualTo(expected);
  }

  @Test
  void eventLoopThreadsDefault_isOneOnASingleProcessor() {
    assertThat(EnvironmentConfig.parse(Map.of(), 1).eventLoopThreads()).isEqualTo(1);
    assertThat(EnvironmentConfig.parse(Map.of(), 2).eventLoopThreads()).isEqualTo(2);
    assertThat(EnvironmentConfig.parse(Map.of(), 64).eventLoopThreads()).isEqualTo(2);
  }

  @Test
  void everyVariable_isReadWhenSet(@TempDir Path dir) throws IOException {
    Path destinations = Files.writeString(dir.resolve("destinations.yaml"), "destinations: []\n");

    ProxyConfig config =
        parse(
            "MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:5140",
            "MESH_PROXY_INBOUND_LISTEN_ADDR", "[::]:5143",
            "MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:5191",
            "MESH_PROXY_INBOUND_FORWARD_ADDR", "127.0.0.1:8080",
            "MESH_PROXY_DETECT_PROTOCOL_TIMEOUT", "500ms",
            "MESH_PROXY_OPAQUE_PORTS", "5432, 8000-8002",
            "MESH_PROXY_CONNECT_TIMEOUT", "2s",
            "MESH_PROXY_CONNECTION_IDLE_TIMEOUT", "1h",
            "MESH_PROXY_POOL_IDLE_TIMEOUT", "45s",
            "MESH_PROXY_EVENT_LOOP_THREADS", "8",
            "MESH_PROXY_TRANSPORT", "NIO",
            "MESH_PROXY_LOG_LEVEL", "debug",
            "MESH_PROXY_DESTINATIONS_FILE", destinations.toString(),
            "MESH_PROXY_DESTINATION_SVC_ADDR", "mesh-destination.meshctl-system:8086",
            "MESH_PROXY_DESTINATION_CONTEXT", "{\"ns\":\"demo\"}",
            "MESH_PROXY_DESTINATION_IDLE_TIMEOUT", "2m",
            "MESH_PROXY_DESTINATION_PREWARM_AUTHORITIES", "web.demo.svc.cluster.local:8080",
            "MESH_PROXY_OUTBOUND_BALANCER", "round-robin",
            "MESH_PROXY_SHUTDOWN_GRACE_PERIOD", "0s",
            "MESH_PROXY_HTTP1_MAX_INITIAL_LINE_LENGTH", "4096",
            "MESH_PROXY_HTTP1_MAX_HEADER_SIZE", "32768",
            "MESH_PROXY_HTTP1_MAX_CHUNK_SIZE", "65536",
            "MESH_PROXY_HTTP2_MAX_CONCURRENT_STREAMS", "100",
            "MESH_PROXY_HTTP2_MAX_HEADER_LIST_SIZE", "8192",
            "MESH_PROXY_HTTP2_INITIAL_WINDOW_SIZE", "1048576",
            "MESH_PROXY_HTTP2_MAX_RESET_FRAMES", "50",
            "MESH_PROXY_HTTP2_RESET_WINDOW", "1m");

    assertThat(config)
        .isEqualTo(
            new ProxyConfig(
                new InetSocketAddress("127.0.0.1", 5140),
                new InetSocketAddress("::", 5143),
                new InetSocketAddress("127.0.0.1", 5191),
                Optional.of(new InetSocketAddress("127.0.0.1", 8080)),
                Duration.ofMillis(500),
                Set.of(5432, 8000, 8001, 8002),
                Duration.ofSeconds(2),
                Duration.ofHours(1),
                Duration.ofSeconds(45),
                8,
                Transport.NIO,
                Level.FINE,
                Optional.of(destinations),
                Balancer.ROUND_ROBIN,
                Duration.ZERO,
                new Http1Limits(4096, 32768, 65536),
                new Http2Limits(100, 8192, 1048576, 50, Duration.ofMinutes(1)),
                Optional.empty(),
                Set.of(),
                Optional.of(
                    new DestinationServiceConfig(
                        "mesh-destination.meshctl-system",
                        8086,
                        "{\"ns\":\"demo\"}",
                        Duration.ofMinutes(2),
                        List.of("web.demo.svc.cluster.local:8080"))),
                new TapConfig(
                    false,
                    new InetSocketAddress("0.0.0.0", 4190),
                    false,
                    Optional.empty(),
                    100,
                    4)));
  }

  @Test
  void blankValue_countsAsUnset() {
    ProxyConfig config =
        parse(
            "MESH_PROXY_CONNECT_TIMEOUT", "",
            "MESH_PROXY_INBOUND_FORWARD_ADDR", "  ",
            "MESH_PROXY_DESTINATIONS_FILE", "",
            "MESH_PROXY_EVENT_LOOP_THREADS", "");

    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.inboundForwardAddr()).isEmpty();
    assertThat(config.destinationsFile()).isEmpty();
    assertThat(config.eventLoopThreads()).isEqualTo(2);
  }

  @Test
  void surroundingWhitespace_isIgnored() {
    assertThat(parse("MESH_PROXY_CONNECT_TIMEOUT", " 3s\n").connectTimeout())
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void variablesWithoutThePrefix_areIgnored() {
    ProxyConfig config = parse("PATH", "/usr/bin", "MESH_CONTROLLER_ADDR", "x", "HOME", "/root");

    assertThat(config).isEqualTo(parse());
  }

  // Durations

  @Test
  void badDuration_namesTheVariableAndTheExpectedForm() {
    assertRejected("MESH_PROXY_CONNECT_TIMEOUT", "fast")
        .withMessage(
            "MESH_PROXY_CONNECT_TIMEOUT=\"fast\": expected a duration such as 500ms, 10s or 1m");
  }

  @ParameterizedTest
  @CsvSource({"250ms, PT0.25S", "10s, PT10S", "3m, PT3M", "2h, PT2H", "90s, PT1M30S"})
  void duration_acceptsMillisecondsSecondsMinutesAndHours(String text, Duration expected) {
    assertThat(parse("MESH_PROXY_POOL_IDLE_TIMEOUT", text).poolIdleTimeout()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10 s", "10S", "1.5s", "10sec", "1d", "s", "PT10S", "1m30s"})
  void durationInAnotherForm_isRejected(String text) {
    assertRejected("MESH_PROXY_POOL_IDLE_TIMEOUT", text)
        .withMessageStartingWith(
            "MESH_PROXY_POOL_IDLE_TIMEOUT=\"" + text + "\": expected a duration");
  }

  @Test
  void durationWithoutUnit_saysTheUnitIsRequired() {
    assertRejected("MESH_PROXY_DETECT_PROTOCOL_TIMEOUT", "10")
        .withMessage(
            "MESH_PROXY_DETECT_PROTOCOL_TIMEOUT=\"10\": expected a duration such as 500ms, 10s or"
                + " 1m (the unit ms, s, m or h is required)");
  }

  @Test
  void negativeDuration_isRejectedSayingSo() {
    assertRejected("MESH_PROXY_CONNECT_TIMEOUT", "-1s")
        .withMessage(
            "MESH_PROXY_CONNECT_TIMEOUT=\"-1s\": expected a duration such as 500ms, 10s or 1m"
                + " (negative durations are not allowed)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "MESH_PROXY_DETECT_PROTOCOL_TIMEOUT",
        "MESH_PROXY_CONNECT_TIMEOUT",
        "MESH_PROXY_CONNECTION_IDLE_TIMEOUT",
        "MESH_PROXY_POOL_IDLE_TIMEOUT",
        "MESH_PROXY_HTTP2_RESET_WINDOW"
      })
  void zeroDuration_isRejectedNamingTheOnlyVariableThatAllowsIt(String variable) {
    assertRejected(variable, "0ms")
        .withMessage(
            variable
                + "=\"0ms\": expected a duration greater than zero such as 500ms, 10s or 1m"
                + " (zero is allowed only for MESH_PROXY_SHUTDOWN_GRACE_PERIOD)");
  }

  @Test
  void zeroShutdownGracePeriod_meansStopAtOnce() {
    assertThat(parse("MESH_PROXY_SHUTDOWN_GRACE_PERIOD", "0s").shutdownGracePeriod()).isZero();
  }

  @Test
  void badShutdownGracePeriod_showsZeroAsAnExample() {
    assertRejected("MESH_PROXY_SHUTDOWN_GRACE_PERIOD", "soon")
        .withMessage(
            "MESH_PROXY_SHUTDOWN_GRACE_PERIOD=\"soon\": expected a duration such as 0s, 500ms, 10s"
                + " or 1m");
  }

  @Test
  void durationTooLongForATimer_isRejected() {
    assertRejected("MESH_PROXY_CONNECTION_IDLE_TIMEOUT", "999999999999999999h")
        .withMessage(
            "MESH_PROXY_CONNECTION_IDLE_TIMEOUT=\"999999999999999999h\": expected a duration of"
                + " at most 2562047h");
  }

  @Test
  void durationWithTooManyDigits_isRejectedWithoutOverflow() {
    assertRejected("MESH_PROXY_CONNECT_TIMEOUT", "99999999999999999999999s")
        .withMessageStartingWith("MESH_PROXY_CONNECT_TIMEOUT=\"99999999999999999999999s\"");
  }

  @Test
  void resetWindowInMilliseconds_isRejectedBecauseTheCodecCountsWholeSeconds() {
    assertRejected("MESH_PROXY_HTTP2_RESET_WINDOW", "1500ms")
        .withMessage(
            "MESH_PROXY_HTTP2_RESET_WINDOW=\"1500ms\": expected a whole number of seconds such as"
                + " 10s, 30s or 1m, up to 2147483647s");
    assertThat(parse("MESH_PROXY_HTTP2_RESET_WINDOW", "2000ms").http2().resetWindow())
        .isEqualTo(Duration.ofSeconds(2));
  }

  // Addresses

  @Test
  void ipv6ListenAddresses_areAccepted() {
    ProxyConfig config =
        parse(
            "MESH_PROXY_OUTBOUND_LISTEN_ADDR", "[::1]:4140",
            "MESH_PROXY_INBOUND_LISTEN_ADDR", "[::]:4143");

    assertThat(config.outboundListenAddr()).isEqualTo(new InetSocketAddress("::1", 4140));
    assertThat(config.inboundListenAddr()).isEqualTo(new InetSocketAddress("::", 4143));
  }

  @Test
  void listenPortZero_letsTheSystemChoose() {
    ProxyConfig config =
        parse(
            "MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:0",
            "MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:0",
            "MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:0");

    assertThat(config.outboundListenAddr().getPort()).isZero();
    assertThat(config.inboundListenAddr().getPort()).isZero();
    assertThat(config.adminListenAddr().getPort()).isZero();
  }

  @Test
  void hostNameListenAddress_isRejectedSayingHostNamesAreNotAccepted() {
    assertRejected("MESH_PROXY_ADMIN_LISTEN_ADDR", "localhost:4191")
        .withMessage(
            "MESH_PROXY_ADMIN_LISTEN_ADDR=\"localhost:4191\": expected an IP address and port such"
                + " as 0.0.0.0:4191 or [::]:4191 (host names are not accepted, only IP"
                + " addresses)");
  }

  @Test
  void outboundListenAddressExample_isTheLoopbackDefault() {
    assertRejected("MESH_PROXY_OUTBOUND_LISTEN_ADDR", "4140")
        .withMessage(
            "MESH_PROXY_OUTBOUND_LISTEN_ADDR=\"4140\": expected an IP address and port such as"
                + " 127.0.0.1:4140 or [::1]:4140 (the port is missing; write address:port)");
  }

  @Test
  void unbracketedIpv6ListenAddress_isRejectedShowingTheBracketedForm() {
    assertRejected("MESH_PROXY_INBOUND_LISTEN_ADDR", "::1:4143")
        .withMessageEndingWith("(IPv6 addresses must be in brackets, as in [::1]:4143)");
  }

  @Test
  void twoListenersOnOnePort_areRejectedNamingBoth() {
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(
            () ->
                parse(
                    "MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:4140",
                    "MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:4140"))
        .withMessage(
            "MESH_PROXY_ADMIN_LISTEN_ADDR=\"127.0.0.1:4140\": expected a port that"
                + " MESH_PROXY_OUTBOUND_LISTEN_ADDR (127.0.0.1:4140) does not use");
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> parse("MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:4143"))
        .withMessage(
            "MESH_PROXY_OUTBOUND_LISTEN_ADDR=\"127.0.0.1:4143\": expected a port that"
                + " MESH_PROXY_INBOUND_LISTEN_ADDR (0.0.0.0:4143) does not use");
  }

  @Test
  void twoListenersOnOnePortOfDifferentAddresses_areAccepted() {
    ProxyConfig config =
        parse(
            "MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:4000",
            "MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.2:4000");

    assertThat(config.inboundListenAddr().getPort()).isEqualTo(4000);
  }

  @Test
  void forwardAddress_mustBeAnIpAndPort() {
    assertRejected("MESH_PROXY_INBOUND_FORWARD_ADDR", "app:8080")
        .withMessage(
            "MESH_PROXY_INBOUND_FORWARD_ADDR=\"app:8080\": expected an IP address and port such"
                + " as 127.0.0.1:8080 or [::1]:8080 (host names are not accepted, only IP"
                + " addresses)");
    assertRejected("MESH_PROXY_INBOUND_FORWARD_ADDR", "127.0.0.1:0")
        .withMessageEndingWith("(the port 0 is not in 1-65535)");
  }

  @Test
  void forwardAddressOfTheInboundListenerItself_isRejectedAsALoop() {
    assertRejected("MESH_PROXY_INBOUND_FORWARD_ADDR", "127.0.0.1:4143")
        .withMessage(
            "MESH_PROXY_INBOUND_FORWARD_ADDR=\"127.0.0.1:4143\": expected an address other than"
                + " the inbound listener's own (MESH_PROXY_INBOUND_LISTEN_ADDR), which would loop"
                + " traffic back to the proxy");
  }

  @Test
  void ipv6ForwardAddress_isAccepted() {
    assertThat(parse("MESH_PROXY_INBOUND_FORWARD_ADDR", "[::1]:8080").inboundForwardAddr())
        .contains(new InetSocketAddress("::1", 8080));
  }

  // Opaque ports

  @Test
  void opaquePorts_acceptsPortsAndInclusiveRanges() {
    assertThat(parse("MESH_PROXY_OPAQUE_PORTS", "25,8000-8003, 9000 - 9001,25").opaquePorts())
        .containsExactlyInAnyOrder(25, 8000, 8001, 8002, 8003, 9000, 9001);
  }

  @Test
  void opaquePortsEmpty_meansNone() {
    assertThat(parse("MESH_PROXY_OPAQUE_PORTS", "").opaquePorts()).isEmpty();
    assertThat(parse("MESH_PROXY_OPAQUE_PORTS", " ").opaquePorts()).isEmpty();
  }

  @Test
  void opaquePortsFullRange_isAccepted() {
    assertThat(parse("MESH_PROXY_OPAQUE_PORTS", "1-65535").opaquePorts())
        .hasSize(65535)
        .containsAll(IntStream.of(1, 80, 65535).boxed().collect(Collectors.toSet()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "smtp | 'smtp' is not a port from 1 to 65535 or a range of them",
        "0 | '0' is not a port from 1 to 65535 or a range of them",
        "65536 | '65536' is not a port from 1 to 65535 or a range of them",
        "-25 | '-25' is not a port from 1 to 65535 or a range of them",
        "8000- | '8000-' is not a port from 1 to 65535 or a range of them",
        "1-2-3 | '1-2-3' is not a port from 1 to 65535 or a range of them",
        "25,,587 | an item is empty",
        "25, | an item is empty",
        "8010-8000 | the range 8010-8000 ends before it starts",
      })
  void badOpaquePorts_sayWhichItemIsWrong(String value, String reason) {
    assertRejected("MESH_PROXY_OPAQUE_PORTS", value)
        .withMessage(
            "MESH_PROXY_OPAQUE_PORTS=\""
                + value
                + "\": expected a comma-separated list of ports and ranges such as"
                + " 25,587,8000-8010, or empty for none ("
                + reason
                + ")");
  }

  // Numbers

  @ParameterizedTest
  @ValueSource(strings = {"0", "65", "-1", "two", "1.5", "+4", "99999999999"})
  void eventLoopThreadsOutsideOneTo64_isRejected(String value) {
    assertRejected("MESH_PROXY_EVENT_LOOP_THREADS", value)
        .withMessage(
            "MESH_PROXY_EVENT_LOOP_THREADS=\""
                + value
                + "\": expected a thread count from 1 to 64");
  }

  @Test
  void eventLoopThreadsBounds_areAccepted() {
    assertThat(parse("MESH_PROXY_EVENT_LOOP_THREADS", "1").eventLoopThreads()).isEqualTo(1);
    assertThat(parse("MESH_PROXY_EVENT_LOOP_THREADS", "64").eventLoopThreads()).isEqualTo(64);
  }

  @Test
  void codecLimits_mustBePositiveAndBounded() {
    assertRejected("MESH_PROXY_HTTP1_MAX_HEADER_SIZE", "0")
        .withMessage(
            "MESH_PROXY_HTTP1_MAX_HEADER_SIZE=\"0\": expected a size in bytes from 1 to 16777216");
    assertRejected("MESH_PROXY_HTTP2_INITIAL_WINDOW_SIZE", "2147483648")
        .withMessage(
            "MESH_PROXY_HTTP2_INITIAL_WINDOW_SIZE=\"2147483648\": expected a size in bytes from 1"
                + " to 2147483647");
    assertRejected("MESH_PROXY_HTTP2_MAX_CONCURRENT_STREAMS", "lots")
        .withMessage(
            "MESH_PROXY_HTTP2_MAX_CONCURRENT_STREAMS=\"lots\": expected a stream count from 1 to"
                + " 2147483647");
    assertRejected("MESH_PROXY_HTTP2_MAX_RESET_FRAMES", "0")
        .withMessage(
            "MESH_PROXY_HTTP2_MAX_RESET_FRAMES=\"0\": expected a frame count from 1 to 2147483647");
  }

  // Outbound balancer

  @ParameterizedTest
  @CsvSource({"peak-ewma, PEAK_EWMA", "Round-Robin, ROUND_ROBIN", "PEAK-EWMA, PEAK_EWMA"})
  void outboundBalancer_isCaseInsensitive(String value, Balancer expected) {
    assertThat(parse("MESH_PROXY_OUTBOUND_BALANCER", value).outboundBalancer()).isEqualTo(expected);
  }

  @Test
  void unknownOutboundBalancer_listsTheChoices() {
    assertRejected("MESH_PROXY_OUTBOUND_BALANCER", "least-request")
        .withMessage(
            "MESH_PROXY_OUTBOUND_BALANCER=\"least-request\": expected peak-ewma or round-robin");
    assertRejected("MESH_PROXY_OUTBOUND_BALANCER", "round_robin")
        .withMessage(
            "MESH_PROXY_OUTBOUND_BALANCER=\"round_robin\": expected peak-ewma or round-robin");
  }

  // Transport and log level

  @ParameterizedTest
  @CsvSource({"auto, AUTO", "Epoll, EPOLL", "NIO, NIO"})
  void transport_isCaseInsensitive(String value, Transport expected) {
    assertThat(parse("MESH_PROXY_TRANSPORT", value).transport()).isEqualTo(expected);
  }

  @Test
  void unknownTransport_listsTheChoices() {
    assertRejected("MESH_PROXY_TRANSPORT", "kqueue")
        .withMessage("MESH_PROXY_TRANSPORT=\"kqueue\": expected auto, epoll or nio");
  }

  @ParameterizedTest
  @CsvSource({
    "trace, FINER",
    "debug, FINE",
    "info, INFO",
    "WARN, WARNING",
    "Error, SEVERE",
    "off, OFF"
  })
  void logLevel_mapsToJavaUtilLogging(String value, String level) {
    assertThat(parse("MESH_PROXY_LOG_LEVEL", value).logLevel()).isEqualTo(Level.parse(level));
    assertThat(EnvironmentConfig.parseLogLevel(value)).isEqualTo(Level.parse(level));
  }

  @Test
  void unknownLogLevel_listsTheChoices() {
    assertRejected("MESH_PROXY_LOG_LEVEL", "verbose")
        .withMessage(
            "MESH_PROXY_LOG_LEVEL=\"verbose\": expected trace, debug, info, warn, error or off");
  }

  @Test
  void parseLogLevel_throwsIllegalArgumentNamingTheValueAndTheChoices() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> EnvironmentConfig.parseLogLevel("warning"))
        .withMessage(
            "unknown log level \"warning\"; expected trace, debug, info, warn, error or off");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> EnvironmentConfig.parseLogLevel(null))
        .withMessage("unknown log level null; expected trace, debug, info, warn, error or off");
  }

  @ParameterizedTest
  @ValueSource(strings = {"trace", "debug", "info", "warn", "error", "off"})
  void logLevelName_isTheReverseOfParseLogLevel(String name) {
    assertThat(EnvironmentConfig.logLevelName(EnvironmentConfig.parseLogLevel(name)))
        .isEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource({"ALL, trace", "FINEST, trace", "CONFIG, info"})
  void logLevelName_namesLevelsBetweenTheNamedOnes(String level, String name) {
    assertThat(EnvironmentConfig.logLevelName(Level.parse(level))).isEqualTo(name);
  }

  // Destinations file

  @Test
  void destinationsFile_isAcceptedWhenItIsAReadableFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), "destinations: []\n");

    assertThat(parse("MESH_PROXY_DESTINATIONS_FILE", file.toString()).destinationsFile())
        .contains(file);
  }

  @Test
  void missingDestinationsFile_isRejectedAtStart(@TempDir Path dir) {
    String missing = dir.resolve("nope.yaml").toString();

    assertRejected("MESH_PROXY_DESTINATIONS_FILE", missing)
        .withMessage(
            "MESH_PROXY_DESTINATIONS_FILE=\""
                + missing
                + "\": expected the path of a readable destinations file (it does not exist)");
  }

  @Test
  void destinationsFileThatIsADirectory_isRejected(@TempDir Path dir) {
    assertRejected("MESH_PROXY_DESTINATIONS_FILE", dir.toString())
        .withMessageEndingWith("(it is not a regular file)");
  }

  @Test
  void destinationsFilePathWithANulCharacter_isRejected() {
    assertRejected("MESH_PROXY_DESTINATIONS_FILE", "/etc/a\0b")
        .withMessageStartingWith("MESH_PROXY_DESTINATIONS_FILE=\"/etc/a\\u0000b\": expected")
        .withMessageNotContaining("\0");
  }

  // Unknown variables and message shape

  @Test
  void misspeltVariable_isRejectedSuggestingTheClosestKnownOne() {
    assertRejected("MESH_PROXY_CONECT_TIMEOUT", "1s")
        .withMessage(
            "MESH_PROXY_CONECT_TIMEOUT=\"1s\": unknown variable; did you mean"
                + " MESH_PROXY_CONNECT_TIMEOUT? (mesh-proxy/README.md lists every variable)");
  }

  @Test
  void lowerCaseVariable_isRejectedSuggestingTheUpperCaseName() {
    assertRejected("mesh_proxy_log_level", "debug")
        .withMessageStartingWith(
            "mesh_proxy_log_level=\"debug\": unknown variable; did you mean MESH_PROXY_LOG_LEVEL?");
  }

  @ParameterizedTest
  @CsvSource({
    "MESH_PROXY_OUTBOUND_ADDR, MESH_PROXY_OUTBOUND_LISTEN_ADDR",
    "MESH_PROXY_INBOUND_FORWARD_ADDRESS, MESH_PROXY_INBOUND_FORWARD_ADDR",
    "MESH_PROXY_OPAQUE_PORT, MESH_PROXY_OPAQUE_PORTS",
    "MESH_PROXY_HTTP2_MAX_RESET_FRAME, MESH_PROXY_HTTP2_MAX_RESET_FRAMES",
    "MESH_PROXY_HTTP_MAX_HEADER_SIZE, MESH_PROXY_HTTP1_MAX_HEADER_SIZE",
    "MESH_PROXY_LOGLEVEL, MESH_PROXY_LOG_LEVEL",
    "MESH_PROXY_BALANCER, MESH_PROXY_OUTBOUND_BALANCER",
    "mesh_proxy_outbound_balancers, MESH_PROXY_OUTBOUND_BALANCER",
  })
  void closestKnownVariable_isTheSmallestEdit(String typo, String expected) {
    assertThat(EnvironmentConfig.closestKnownVariable(typo)).isEqualTo(expected);
  }

  @Test
  void unknownVariable_isReportedBeforeBadValues() {
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> parse("MESH_PROXY_CONNECT_TIMEOUT", "fast", "MESH_PROXY_TYPO", "x"))
        .withMessageStartingWith("MESH_PROXY_TYPO=\"x\": unknown variable");
  }

  @Test
  void editDistance_countsInsertionsDeletionsAndSubstitutions() {
    assertThat(EnvironmentConfig.editDistance("kitten", "sitting")).isEqualTo(3);
    assertThat(EnvironmentConfig.editDistance("", "abc")).isEqualTo(3);
    assertThat(EnvironmentConfig.editDistance("abc", "abc")).isZero();
  }

  @Test
  void valueWithControlCharacters_isShownEscapedOnOneLine() {
    assertRejected("MESH_PROXY_TRANSPORT", "nio\nepoll\t\"x\"")
        .withMessage(
            "MESH_PROXY_TRANSPORT=\"nio\\nepoll\\t\\\"x\\\"\": expected auto, epoll or nio");
  }

  @Test
  void veryLongValue_isShownCut() {
    String value = "x".repeat(5000);

    assertRejected("MESH_PROXY_TRANSPORT", value)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300))
        .withMessageContaining("...(5000 characters)");
  }

  @Test
  void knownVariables_listsEveryVariableOnceInDocumentedOrder() {
    assertThat(EnvironmentConfig.knownVariables())
        .hasSize(41)
        .doesNotHaveDuplicates()
        .allSatisfy(name -> assertThat(name).startsWith(EnvironmentConfig.PREFIX))
        .startsWith("MESH_PROXY_OUTBOUND_LISTEN_ADDR")
        .endsWith("MESH_PROXY_TAP_MAX_STREAMS");
  }

  @Test
  void defaultValue_isTheTextTheDefaultIsParsedFrom() {
    assertThat(EnvironmentConfig.defaultValue("MESH_PROXY_CONNECT_TIMEOUT")).contains("1s");
    assertThat(EnvironmentConfig.defaultValue("MESH_PROXY_INBOUND_FORWARD_ADDR")).isEmpty();
    assertThat(EnvironmentConfig.defaultValue("MESH_PROXY_EVENT_LOOP_THREADS")).isEmpty();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> EnvironmentConfig.defaultValue("MESH_PROXY_NOPE"));
  }

  @Test
  void readme_documentsEveryVariableWithItsDefault() throws IOException {
    String readme = Files.readString(Path.of("README.md"));

    for (String variable : EnvironmentConfig.knownVariables()) {
      String row =
          readme
              .lines()
              .filter(line -> line.startsWith("| `" + variable + "`"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(variable + " has no row in README.md"));
      EnvironmentConfig.defaultValue(variable)
          .ifPresent(
              value ->
                  assertThat(row)
                      .as("README row of %s shows its default", variable)
                      .contains("`" + value + "`"));
    }
  }
}
