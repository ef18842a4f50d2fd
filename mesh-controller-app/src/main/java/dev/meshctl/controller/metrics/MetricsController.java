package dev.meshctl.controller.metrics;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /api/v1/stat}, {@code /routes} and {@code /edges}: the answers are {@link MetricsQuery}'s,
 * computed off the event loop (a Prometheus query blocks).
 */
@RestController
@RequestMapping("/api/v1")
class MetricsController {

  private final MetricsQuery query;

  MetricsController(MetricsQuery query) {
    this.query = query;
  }

  @GetMapping("/stat")
  Mono<StatView> stat(
      @RequestParam(required = false) String resource,
      @RequestParam(required = false) String namespace,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String window) {
    return Mono.fromCallable(() -> query.stat(resource, namespace, from, to, window))
        .subscribeOn(Schedulers.boundedElastic());
  }

  @GetMapping("/routes")
  Mono<RoutesView> routes(
      @RequestParam(required = false) String resource,
      @RequestParam(required = false) String namespace,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String window) {
    return Mono.fromCallable(() -> query.routes(resource, namespace, to, window))
        .subscribeOn(Schedulers.boundedElastic());
  }

  @GetMapping("/edges")
  Mono<EdgesView> edges(
      @RequestParam(required = false) String resource,
      @RequestParam(required = false) String namespace,
      @RequestParam(required = false) String window) {
    return Mono.fromCallable(() -> query.edges(resource, namespace, window))
        .subscribeOn(Schedulers.boundedElastic());
  }
}
