package dev.meshctl.controller.tap;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/tap}: live requests as NDJSON, one line flushed per event. The answers are
 * {@link TapService}'s; a request that cannot start is answered by {@link TapErrorHandler}.
 */
@RestController
class TapController {

  private final TapService service;

  TapController(TapService service) {
    this.service = service;
  }

  @GetMapping("/api/v1/tap")
  Mono<Void> tap(@RequestParam Map<String, String> parameters, ServerHttpResponse response) {
    Flux<String> lines = service.tap(parameters);
    response.getHeaders().setContentType(MediaType.APPLICATION_NDJSON);
    DataBufferFactory buffers = response.bufferFactory();
    return response.writeAndFlushWith(lines.map(line -> Mono.just(buffer(buffers, line))));
  }

  private static DataBuffer buffer(DataBufferFactory buffers, String line) {
    return buffers.wrap(line.getBytes(StandardCharsets.UTF_8));
  }
}
