package dev.meshctl.web;

import dev.meshctl.web.api.ControllerApi;
import dev.meshctl.web.overview.ControlPlaneProbe;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the Spring-free clients of the control plane from {@link WebProperties}. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

  @Bean
  ControllerApi controllerApi(WebProperties properties) {
    return new ControllerApi(properties.controllerApi(), properties.requestTimeout());
  }

  @Bean
  ControlPlaneProbe controlPlaneProbe(WebProperties properties) {
    return new ControlPlaneProbe(
        properties.controllerAdmin(), properties.identityAdmin(), properties.requestTimeout());
  }
}
