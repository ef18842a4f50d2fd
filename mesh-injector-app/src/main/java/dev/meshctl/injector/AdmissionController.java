package dev.meshctl.injector;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /inject}: the API server's call for every pod created in the namespaces the webhook
 * configuration selects. The body is read as text whatever its content type, so that every review,
 * even one that is not JSON, gets an AdmissionReview answer.
 */
@RestController
class AdmissionController {

  private final AdmissionReviewHandler handler;

  AdmissionController(AdmissionReviewHandler handler) {
    this.handler = handler;
  }

  @PostMapping(path = "/inject", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<String>> inject(@RequestBody(required = false) Mono<String> body) {
    return body.defaultIfEmpty("")
        .flatMap(handler::handle)
        .map(answer -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer));
  }
}
