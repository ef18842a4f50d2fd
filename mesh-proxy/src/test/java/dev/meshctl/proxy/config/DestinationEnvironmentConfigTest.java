package dev.meshctl.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code MESH_PROXY_DESTINATION_*} variables: the client of the controller's Destination API.
 */
class DestinationEnvironmentConfigTest {

  private static ProxyConfig parse(String... keysAndValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      env.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return EnvironmentConfig.parse(env, 8);
  }

  private static DestinationServiceConfig service(String... keysAndValues) {
    return parse(keysAndValues).destinationService().orElseThrow();
  }

  @Test
  void withoutTheAddress_thereIsNoDestinationService() {
    assertThat(parse().destinationService()).isEmpty();
    assertThat(parse("MESH_PROXY_DESTINATION_SVC_ADDR", " ").destinationService()).isEmpty();
  }

  @Test
  void address_aloneGivesTheDefaults() {
    DestinationServiceConfig service =
        service("MESH_PROXY_DESTINATION_SVC_ADDR", "mesh-destination.meshctl-system:8086");

    assertThat(service)
        .isEqualTo(
            new DestinationServiceConfig(
                "mesh-destination.meshctl-system", 8086, "", Duration.ofMinutes(10), List.of()));
    assertThat(service.address()).isEqualTo("mesh-destination.meshctl-system:8086");
  }

  @ParameterizedTest
  @CsvSource({
    "10.96.0.10:8086, 10.96.0.10:8086",
    "'[::1]:8086', '[0:0:0:0:0:0:0:1]:8086'",
    "Mesh-Destination:8086, mesh-destination:8086",
    "mesh-destination.meshctl-system.svc.cluster.local.:8086,"
        + " mesh-destination.meshctl-system.svc.cluster.local.:8086",
  })
  void address_isAHostNameOrIpAndPort(String value, String target) {
    assertThat(service("MESH_PROXY_DESTINATION_SVC_ADDR", value).address()).isEqualTo(target);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mesh-destination | the port is missing; write host:port",
        "mesh-destination:0 | the port '0' is not a number from 1 to 65535",
        "mesh_destination:8086 | the host name: 'mesh_destination' has a character other than a"
            + " letter, a digit or '-'",
        "::1:8086 | IPv6 addresses must be in brackets, as in [::1]:8080",
      })
  void badAddress_isRejectedSayingWhy(String value, String reason) {
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> parse("MESH_PROXY_DESTINATION_SVC_ADDR", value))
        .withMessage(
            "MESH_PROXY_DESTINATION_SVC_ADDR=\""
                + value
                + "\": expected a host name or IP address and port such as"
                + " mesh-destination.meshctl-system.svc.cluster.local:8086 ("
                + reason
                + ")");
  }

  @Test
  void contextIdleTimeoutAndPrewarm_areRead() {
    DestinationServiceConfig service =
        service(
            "MESH_PROXY_DESTINATION_SVC_ADDR", "10.96.0.10:8086",
            "MESH_PROXY_DESTINATION_CONTEXT", "{\"ns\":\"demo\",\"nodeName\":\"node-1\"}",
            "MESH_PROXY_DESTINATION_IDLE_TIMEOUT", "90s",
            "MESH_PROXY_DESTINATION_PREWARM_AUTHORITIES",
                " Web.Demo.svc.cluster.local:8080 , 10.0.0.7:9090,[fd00::1]:80");

    assertThat(service.contextToken()).isEqualTo("{\"ns\":\"demo\",\"nodeName\":\"node-1\"}");
    assertThat(service.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(service.prewarmAuthorities())
        .containsExactly(
            "web.demo.svc.cluster.local:8080", "10.0.0.7:9090", "[fd00:0:0:0:0:0:0:1]:80");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "web.demo | 'web.demo': the port is missing; write host:port",
        "web.demo:8080,, | an item is empty",
        "web.demo:8080,WEB.demo:8080 | 'WEB.demo:8080': it is listed twice",
        "web demo:80 | 'web demo:80': the host name: 'web demo' has a character other than a"
            + " letter, a digit or '-'",
      })
  void badPrewarmAuthorities_areRejectedSayingWhy(String value, String reason) {
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(
            () ->
                parse(
                    "MESH_PROXY_DESTINATION_SVC_ADDR",
                    "10.96.0.10:8086",
                    "MESH_PROXY_DESTINATION_PREWARM_AUTHORITIES",
                    value))
        .withMessage(
            "MESH_PROXY_DESTINATION_PREWARM_AUTHORITIES=\""
                + value
                + "\": expected a comma-separated list of host:port authorities such as"
                + " web.demo.svc.cluster.local:8080,10.0.0.7:9090 ("
                + reason
                + ")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "10", "-1m"})
  void badIdleTimeout_isRejected(String value) {
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(
            () ->
                parse(
                    "MESH_PROXY_DESTINATION_SVC_ADDR",
                    "10.96.0.10:8086",
                    "MESH_PROXY_DESTINATION_IDLE_TIMEOUT",
                    value))
        .withMessageStartingWith("MESH_PROXY_DESTINATION_IDLE_TIMEOUT=\"" + value + "\"");
  }

  @ParameterizedTest
  @CsvSource({
    "MESH_PROXY_DESTINATION_CONTEXT, {}",
    "MESH_PROXY_DESTINATION_IDLE_TIMEOUT, 1m",
    "MESH_PROXY_DESTINATION_PREWARM_AUTHORITIES, web:80",
  })
  void settingsWithoutTheAddress_areRejected(String variable, String value) {
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> parse(variable, value))
        .withMessage(
            variable
                + "=\""
                + value
                + "\": expected nothing unless MESH_PROXY_DESTINATION_SVC_ADDR is set too: it"
                + " configures the client of the controller's Destination API");
  }

  @Test
  void destinationsFile_andDestinationService_mayBothBeSet(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    java.nio.file.Path file =
        java.nio.file.Files.writeString(dir.resolve("d.yaml"), "destinations: []\n");

    ProxyConfig config =
        parse(
            "MESH_PROXY_DESTINATIONS_FILE",
            file.toString(),
            "MESH_PROXY_DESTINATION_SVC_ADDR",
            "10.96.0.10:8086");

    assertThat(config.destinationsFile()).contains(file);
    assertThat(config.destinationService()).isPresent();
  }
}
