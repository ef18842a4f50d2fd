package dev.meshctl.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.meshctl.proxy.config.TapConfig.Mode;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code MESH_PROXY_TAP_*} variables: defaults, values, errors, and when tap runs. */
class TapEnvironmentConfigTest {

  private static final String CONTROLLER =
      "meshctl-controller.meshctl-system.serviceaccount.identity.meshctl-system.cluster.local";

  private static TapConfig parse(String... keysAndValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      env.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return EnvironmentConfig.parse(env, 2).tap();
  }

  private static ThrowableAssertAlternative<ConfigException> assertRejected(
      String... keysAndValues) {
    return assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> parse(keysAndValues));
  }

  @Test
  void defaults_listenOn4190_withLinkerdsLimits() {
    TapConfig tap = parse();

    assertThat(tap)
        .isEqualTo(
            new TapConfig(
                false, new InetSocketAddress("0.0.0.0", 4190), false, Optional.empty(), 100, 4));
  }

  @Test
  void everyVariable_isRead() {
    TapConfig tap =
        parse(
            "MESH_PROXY_TAP_LISTEN_ADDR", "127.0.0.1:5190",
            "MESH_PROXY_TAP_SVC_NAME", CONTROLLER.toUpperCase(),
            "MESH_PROXY_TAP_DISABLED", "TRUE",
            "MESH_PROXY_TAP_MAX_RPS", "10",
            "MESH_PROXY_TAP_MAX_STREAMS", "1");

    assertThat(tap)
        .isEqualTo(
            new TapConfig(
                true,
                new InetSocketAddress("127.0.0.1", 5190),
                true,
                Optional.of(CONTROLLER),
                10,
                1));
  }

  @Test
  void mode_dependsOnIdentity_serviceName_andAnExplicitAddress() {
    assertThat(parse().mode(false)).isEqualTo(Mode.OFF_NO_IDENTITY);
    assertThat(parse().mode(true)).isEqualTo(Mode.OFF_NO_SERVICE_NAME);
    assertThat(parse("MESH_PROXY_TAP_SVC_NAME", CONTROLLER).mode(true)).isEqualTo(Mode.MTLS);
    assertThat(parse("MESH_PROXY_TAP_SVC_NAME", CONTROLLER).mode(false))
        .isEqualTo(Mode.OFF_NO_IDENTITY);
    assertThat(parse("MESH_PROXY_TAP_LISTEN_ADDR", "127.0.0.1:0").mode(false))
        .isEqualTo(Mode.LOOPBACK_PLAINTEXT);
    assertThat(parse("MESH_PROXY_TAP_LISTEN_ADDR", "127.0.0.1:0").mode(true))
        .isEqualTo(Mode.OFF_NO_SERVICE_NAME);
    assertThat(
            parse("MESH_PROXY_TAP_SVC_NAME", CONTROLLER, "MESH_PROXY_TAP_DISABLED", "true")
                .mode(true))
        .isEqualTo(Mode.OFF_DISABLED);
    assertThat(
            parse(
                    "MESH_PROXY_TAP_LISTEN_ADDR", "127.0.0.1:0",
                    "MESH_PROXY_TAP_DISABLED", "true")
                .mode(false))
        .isEqualTo(Mode.OFF_DISABLED);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "MESH_PROXY_TAP_LISTEN_ADDR|localhost:4190|MESH_PROXY_TAP_LISTEN_ADDR=\"localhost:4190\":"
            + " expected an IP address and port such as 0.0.0.0:4190 or [::]:4190",
        "MESH_PROXY_TAP_DISABLED|yes|MESH_PROXY_TAP_DISABLED=\"yes\": expected true or false",
        "MESH_PROXY_TAP_MAX_RPS|0|MESH_PROXY_TAP_MAX_RPS=\"0\": expected a number of requests per"
            + " second from 1 to 100000",
        "MESH_PROXY_TAP_MAX_RPS|fast|MESH_PROXY_TAP_MAX_RPS=\"fast\": expected a number of"
            + " requests per second from 1 to 100000",
        "MESH_PROXY_TAP_MAX_STREAMS|-1|MESH_PROXY_TAP_MAX_STREAMS=\"-1\": expected a number of taps"
            + " from 1 to 1000",
        "MESH_PROXY_TAP_SVC_NAME|controller_1.meshctl|MESH_PROXY_TAP_SVC_NAME="
            + "\"controller_1.meshctl\": expected the identity allowed to tap, a DNS name such as "
            + CONTROLLER
            + " (",
      })
  void badValue_isRefusedWithOneLineNamingIt(String variable, String value, String message) {
    assertRejected(variable, value)
        .withMessageStartingWith(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void tapPort_sharedWithTheAdminServer_isRefused() {
    assertRejected(
            "MESH_PROXY_ADMIN_LISTEN_ADDR", "0.0.0.0:5191",
            "MESH_PROXY_TAP_LISTEN_ADDR", "127.0.0.1:5191")
        .withMessage(
            "MESH_PROXY_TAP_LISTEN_ADDR=\"127.0.0.1:5191\": expected a port that"
                + " MESH_PROXY_ADMIN_LISTEN_ADDR (0.0.0.0:5191) does not use");
  }

  @Test
  void misspeltTapVariable_suggestsTheKnownOne() {
    assertRejected("MESH_PROXY_TAP_MAX_RPS_", "10")
        .withMessageContaining("did you mean MESH_PROXY_TAP_MAX_RPS?");
  }
}
