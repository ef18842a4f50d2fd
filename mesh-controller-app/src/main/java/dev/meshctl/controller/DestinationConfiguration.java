package dev.meshctl.controller;

import dev.meshctl.controller.destination.DestinationService;
import dev.meshctl.controller.destination.MicrometerStreamRecorder;
import dev.meshctl.controller.destination.StreamRecorder;
import dev.meshctl.controller.discovery.DestinationTranslator;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.MeshSettings;
import dev.meshctl.controller.grpc.GrpcServerLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the Destination API: the discovery model (fed by the source of {@link
 * DiscoverySourceConfiguration}), the Spring-free translator, the gRPC service and its metrics.
 */
@Configuration(proxyBeanMethods = false)
class DestinationConfiguration {

  @Bean
  DiscoveryModel discoveryModel() {
    return new DiscoveryModel();
  }

  @Bean
  DestinationTranslator destinationTranslator(
      DiscoveryModel model, ControllerProperties properties) {
    return new DestinationTranslator(
        model,
        new MeshSettings(
            properties.clusterDomain(),
            properties.controlPlaneNamespace(),
            properties.trustDomain()));
  }

  @Bean
  StreamRecorder streamRecorder(MeterRegistry registry) {
    return new MicrometerStreamRecorder(registry);
  }

  @Bean
  DestinationService destinationService(
      DiscoveryModel model, DestinationTranslator translator, StreamRecorder recorder) {
    return new DestinationService(model, translator, recorder);
  }

  @Bean
  GrpcServerLifecycle grpcServer(
      ControllerProperties properties,
      DestinationService destinationService,
      @Value("${spring.lifecycle.timeout-per-shutdown-phase:20s}") Duration shutdownGrace) {
    return new GrpcServerLifecycle(
        properties.grpcPort(),
        List.of(destinationService),
        shutdownGrace,
        destinationService::completeAll);
  }
}
