package dev.meshctl.controller.metrics;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The one place where the metrics API's typed errors become responses, {@code {"error": "..."}}:
 * 400 for a bad parameter, 404 for an unknown namespace or resource, 503 when the metrics source
 * cannot answer.
 */
@RestControllerAdvice(assignableTypes = MetricsController.class)
class MetricsErrorHandler {

  @ExceptionHandler
  ResponseEntity<Map<String, String>> invalid(InvalidQueryException e) {
    return error(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<Map<String, String>> unknown(UnknownResourceException e) {
    return error(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<Map<String, String>> unavailable(MetricsUnavailableException e) {
    return error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
  }

  private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("error", message));
  }
}
