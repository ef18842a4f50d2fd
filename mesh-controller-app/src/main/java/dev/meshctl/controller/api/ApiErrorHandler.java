package dev.meshctl.controller.api;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** The one place where the REST API's typed errors become responses: {@code {"error": "..."}}. */
@RestControllerAdvice(assignableTypes = {NamespaceController.class, ServiceController.class})
class ApiErrorHandler {

  @ExceptionHandler
  ResponseEntity<Map<String, String>> notFound(NotFoundException e) {
    return error(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<Map<String, String>> invalidName(InvalidNameException e) {
    return error(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  /** A query parameter that does not parse ({@code ?port=http}). */
  @ExceptionHandler
  ResponseEntity<Map<String, String>> badInput(ServerWebInputException e) {
    return error(HttpStatus.BAD_REQUEST, e.getReason());
  }

  private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("error", message));
  }
}
