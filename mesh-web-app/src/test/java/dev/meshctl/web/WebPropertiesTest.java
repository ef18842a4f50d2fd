package dev.meshctl.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebPropertiesTest {

  @Test
  void controllerApi_isRequired_andTheMessageSaysHowToGiveIt() {
    assertThatThrownBy(() -> new WebProperties(null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mesh.web.controller-api is required")
        .hasMessageContaining("--mesh.web.controller-api=http://");
  }

  @Test
  void urlsMustBeHttpWithAHost() {
    assertThatThrownBy(
            () -> new WebProperties(URI.create("localhost:8085"), null, null, null, null))
        .hasMessage(
            "mesh.web.controller-api must be an http:// or https:// URL with a host, was"
                + " \"localhost:8085\"");
    assertThatThrownBy(
            () ->
                new WebProperties(
                    URI.create("http://127.0.0.1:8085"), null, URI.create("ftp://x"), null, null))
        .hasMessageStartingWith("mesh.web.identity-admin must be an http://");
  }

  @Test
  void defaults_andBounds() {
    WebProperties properties =
        new WebProperties(URI.create("http://127.0.0.1:8085"), null, null, null, null);

    assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(properties.refreshInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(
            () ->
                new WebProperties(
                    URI.create("http://127.0.0.1:8085"), null, null, null, Duration.ofMillis(10)))
        .hasMessage("mesh.web.refresh-interval must be at least 1s, was PT0.01S");
  }
}
