package dev.meshctl.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** A bad {@code mesh.metrics.*} value stops the start with a message naming it and why. */
class MetricsPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(MetricsProperties.class)
  static class Properties {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Properties.class);

  @Test
  void defaults_scrapeEvery5sKeep10mAndStopAfter10mIdle() {
    runner.run(
        context -> {
          MetricsProperties properties = context.getBean(MetricsProperties.class);
          assertThat(properties.scrapeInterval()).hasSeconds(5);
          assertThat(properties.retention()).hasMinutes(10);
          assertThat(properties.idleStop()).hasMinutes(10);
          assertThat(properties.prometheus()).isEmpty();
        });
  }

  @Test
  void aPrometheusUrlGetsATrailingSlash() {
    runner
        .withPropertyValues("mesh.metrics.prometheus-url=http://127.0.0.1:9090/prom")
        .run(
            context ->
                assertThat(context.getBean(MetricsProperties.class).prometheus())
                    .hasValueSatisfying(
                        uri -> assertThat(uri).hasToString("http://127.0.0.1:9090/prom/")));
  }

  @Test
  void aBadPrometheusUrl_stopsTheStart() {
    runner
        .withPropertyValues("mesh.metrics.prometheus-url=prometheus:9090")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("mesh.metrics")
                    .hasMessageContaining("prometheusUrl")
                    .hasMessageContaining("must be an absolute http or https URL"));
  }

  @Test
  void badDurations_stopTheStart() {
    runner
        .withPropertyValues("mesh.metrics.scrape-interval=often")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("mesh.metrics.scrape-interval"));
    runner
        .withPropertyValues("mesh.metrics.scrape-interval=10s", "mesh.metrics.retention=15s")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("must be at least twice mesh.metrics.scrape-interval"));
    runner
        .withPropertyValues("mesh.metrics.scrape-timeout=10s")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("must be positive and at most"));
  }
}
