package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy jar as an operator runs it: start-up, bad configuration, readiness, SIGTERM. */
class ProxyJarIT {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void badConfigurationValue_stopsStartUpWithOneLineNamingIt() throws Exception {
    try (ProxyProcess proxy = ProxyProcess.start(Map.of("MESH_PROXY_CONNECT_TIMEOUT", "fast"))) {
      assertThat(proxy.waitForExit(30)).isEqualTo(2);
      String output = proxy.output();
      assertThat(output.strip().lines()).hasSize(1);
      assertThat(output)
          .contains("MESH_PROXY_CONNECT_TIMEOUT")
          .contains("fast")
          .contains("expected")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void misspelledVariable_isRefused_notIgnored() throws Exception {
    try (ProxyProcess proxy = ProxyProcess.start(Map.of("MESH_PROXY_CONECT_TIMEOUT", "1s"))) {
      assertThat(proxy.waitForExit(30)).isEqualTo(2);
      assertThat(proxy.output())
          .contains("MESH_PROXY_CONECT_TIMEOUT")
          .contains("MESH_PROXY_CONNECT_TIMEOUT");
    }
  }

  @Test
  void invalidDestinationsFile_stopsStartUpWithThePlaceOfTheError(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("destinations.yaml");
    Files.writeString(
        file,
        "destinations:\n  - authority: web.demo:8080\n    endpoints:\n      - address: localhost:80\n");
    try (ProxyProcess proxy =
        ProxyProcess.start(
            Map.of(
                "MESH_PROXY_DESTINATIONS_FILE", file.toString(),
                "MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:0",
                "MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:0",
                "MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:0"))) {
      assertThat(proxy.waitForExit(30)).isEqualTo(2);
      assertThat(proxy.output())
          .contains("destinations[0].endpoints[0].address")
          .contains("localhost:80")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void portInUse_stopsStartUpSayingSo() throws Exception {
    try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        ProxyProcess proxy =
            ProxyProcess.start(
                Map.of(
                    "MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:" + taken.getLocalPort(),
                    "MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:0",
                    "MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:0"))) {
      assertThat(proxy.waitForExit(30)).isEqualTo(1);
      assertThat(proxy.output()).contains("already in use").doesNotContain("\tat ");
    }
  }

  @Test
  void startsReady_answersAdmin_andDrainsOnSigterm() throws Exception {
    int admin = SpringAppLaunchIT.freePort();
    try (ProxyProcess proxy =
        ProxyProcess.start(
            Map.of(
                "MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:0",
                "MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:0",
                "MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:" + admin))) {
      String base = "http://127.0.0.1:" + admin;
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptionsInstanceOf(IOException.class)
          .failFast("mesh-proxy exited", () -> !proxy.process.isAlive())
          .untilAsserted(
              () ->
                  assertThat(ProxyProcess.get(http, base + "/ready").statusCode()).isEqualTo(200));
      assertThat(ProxyProcess.get(http, base + "/live").statusCode()).isEqualTo(200);
      assertThat(ProxyProcess.get(http, base + "/metrics").body())
          .contains("process_resident_memory_bytes")
          .contains("process_open_fds");

      proxy.process.destroy(); // SIGTERM
      proxy.waitForExit(30);
      assertThat(proxy.output()).contains("ready in").contains("draining").contains("drained");
    }
  }
}
