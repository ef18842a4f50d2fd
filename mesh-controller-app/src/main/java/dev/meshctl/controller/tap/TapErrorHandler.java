package dev.meshctl.controller.tap;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns a tap that cannot start into {@code {"error": "..."}} with 400, 404 or 503. */
@RestControllerAdvice(assignableTypes = TapController.class)
class TapErrorHandler {

  @ExceptionHandler
  ResponseEntity<Map<String, String>> cannotTap(TapRequestException e) {
    HttpStatus status =
        switch (e.reason()) {
          case INVALID -> HttpStatus.BAD_REQUEST;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    return ResponseEntity.status(status).body(Map.of("error", e.getMessage()));
  }
}
