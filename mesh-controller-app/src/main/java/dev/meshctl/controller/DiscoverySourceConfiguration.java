package dev.meshctl.controller;

import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.kubernetes.InformerLag;
import dev.meshctl.controller.discovery.kubernetes.KubernetesSource;
import dev.meshctl.controller.discovery.kubernetes.MicrometerInformerLagRecorder;
import dev.meshctl.controller.discovery.local.LocalRegistrySource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The discovery source of the configured {@code mesh.discovery.source}, feeding the {@link
 * DiscoveryModel}, and the {@code discovery} health indicator (in the readiness group): up once the
 * source has read everything once, so that no proxy is told "no endpoints" by a controller that has
 * simply not listed them yet.
 */
@Configuration(proxyBeanMethods = false)
class DiscoverySourceConfiguration {

  @Bean
  HealthIndicator discoveryHealthIndicator(BooleanSupplier discoverySynced) {
    return () ->
        discoverySynced.getAsBoolean()
            ? Health.up().build()
            : Health.outOfService().withDetail("reason", "discovery has not synced yet").build();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "mesh.discovery.source",
      havingValue = "local",
      matchIfMissing = true)
  static class Local {

    @Bean(initMethod = "start", destroyMethod = "close")
    LocalRegistrySource localRegistrySource(DiscoveryProperties properties, DiscoveryModel model) {
      return new LocalRegistrySource(
          properties.local().path(), properties.local().pollInterval(), model);
    }

    @Bean
    BooleanSupplier discoverySynced(LocalRegistrySource source) {
      return source::synced;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "mesh.discovery.source", havingValue = "kubernetes")
  static class Kubernetes {

    /** In a pod: the API server and credentials of its ServiceAccount; elsewhere: kubeconfig. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient() {
      return new KubernetesClientBuilder().build();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    KubernetesSource kubernetesSource(
        KubernetesClient client,
        DiscoveryModel model,
        DiscoveryProperties properties,
        MeterRegistry registry) {
      return new KubernetesSource(
          client,
          model,
          properties.kubernetes().httpRoutes(),
          new InformerLag(Clock.systemUTC(), new MicrometerInformerLagRecorder(registry)));
    }

    @Bean
    BooleanSupplier discoverySynced(KubernetesSource source) {
      return source::synced;
    }
  }
}
