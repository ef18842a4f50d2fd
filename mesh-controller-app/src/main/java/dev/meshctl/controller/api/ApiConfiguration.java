package dev.meshctl.controller.api;

import dev.meshctl.controller.discovery.DestinationTranslator;
import dev.meshctl.controller.discovery.DiscoveryModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the REST API (Spring's {@code server.port}, 8085): the Spring-free {@link MeshQuery} over
 * the discovery model the Destination API serves from, and the controllers found by scanning.
 */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

  @Bean
  MeshQuery meshQuery(DiscoveryModel model, DestinationTranslator translator) {
    return new MeshQuery(model, translator);
  }
}
