package dev.meshctl.controller.tap;

import dev.meshctl.controller.discovery.DestinationTranslator;
import dev.meshctl.controller.discovery.DiscoveryModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires tap ({@code GET /api/v1/tap}): the Spring-free {@link TapService} over the discovery model,
 * with the TLS client of {@link TapProperties}.
 */
@Configuration(proxyBeanMethods = false)
class TapConfiguration {

  @Bean
  TapService tapService(
      DiscoveryModel model,
      DestinationTranslator translator,
      TapProperties properties,
      MeterRegistry registry) {
    Counter dropped =
        Counter.builder("tap.events.dropped")
            .description("Tap events dropped because the HTTP client read too slowly")
            .register(registry);
    TapChannels channels =
        new TapChannels(
            properties.tls().files().map(TapClientTls::new), properties.connectTimeout());
    return new TapService(
        new TapPlanner(model, translator.settings()),
        channels,
        new ProxyTap(channels, properties.bufferEvents(), target -> dropped.increment()),
        properties.maxRps(),
        properties.limitGrace(),
        System::nanoTime);
  }
}
