package dev.meshctl.web;

import dev.meshctl.web.api.ControllerErrorException;
import dev.meshctl.web.api.ControllerUnreachableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.ui.Model;
import reactor.core.publisher.Mono;

/**
 * Turns a failed question to the controller into what every page shows instead of numbers: the
 * {@code unreachable} sentence (502) or the controller's own {@code error} (its 4xx status). Pages
 * render the same template either way; the template leaves its tables out.
 */
public final class PageFailures {

  private PageFailures() {}

  /** Renders {@code view} with the failure in the model, or passes on what is not ours. */
  public static Mono<String> render(
      Throwable failure, String view, Model model, ServerHttpResponse response) {
    Throwable cause = unwrap(failure);
    if (cause instanceof ControllerUnreachableException unreachable) {
      model.addAttribute("unreachable", unreachable.getMessage());
      response.setStatusCode(HttpStatus.BAD_GATEWAY);
      return Mono.just(view);
    }
    if (cause instanceof ControllerErrorException error) {
      model.addAttribute("error", error.getMessage());
      response.setStatusCode(HttpStatusCode.valueOf(error.status()));
      return Mono.just(view);
    }
    return Mono.error(cause);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
