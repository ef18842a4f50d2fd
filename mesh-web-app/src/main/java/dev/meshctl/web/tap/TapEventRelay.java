package dev.meshctl.web.tap;

import dev.meshctl.web.api.ControllerApi;
import dev.meshctl.web.api.ControllerErrorException;
import dev.meshctl.web.api.ControllerUnreachableException;
import dev.meshctl.web.api.TapQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Relays the controller's NDJSON tap stream to the browser as server-sent events, one event per
 * line, named for the line's {@code type} ({@code tapping}, {@code request}, {@code response},
 * {@code end}; the controller's {@code error} line becomes {@code tap-error}, since an {@code
 * error} event would be mistaken for the browser's own connection error). Each line is parsed and
 * written again by Jackson, so what reaches the page is JSON and nothing else. A tap the controller
 * refused, or could not start, is one {@code failed} event ({@code {"message": ...}}); the end of
 * the upstream stream is a {@code done} event. When the browser goes away the subscription is
 * cancelled, which closes the upstream connection and so ends the tap at the controller.
 */
public final class TapEventRelay {

  private final ControllerApi api;
  private final JsonMapper json = JsonMapper.builder().build();

  public TapEventRelay(ControllerApi api) {
    this.api = api;
  }

  public Flux<ServerSentEvent<String>> relay(TapQuery query) {
    return Mono.fromFuture(() -> api.tap(query))
        .flatMapMany(this::lines)
        .concatWith(Mono.fromSupplier(() -> event("done", Map.of("message", "the tap ended"))))
        .onErrorResume(failure -> Mono.just(failed(failure)));
  }

  private Flux<ServerSentEvent<String>> lines(InputStream upstream) {
    // Closing the raw stream (not the reader, whose lock the reading thread holds) from the
    // cancelling thread is what makes a blocked read return and the connection close at once.
    return Flux.using(
            () -> upstream,
            in ->
                Flux.fromStream(
                        () ->
                            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                                .lines())
                    .subscribeOn(Schedulers.boundedElastic()),
            TapEventRelay::closeQuietly)
        .filter(line -> !line.isBlank())
        .map(this::toEvent);
  }

  ServerSentEvent<String> toEvent(String line) {
    try {
      JsonNode node = json.readTree(line);
      String type = node.path("type").asString("event");
      String name = "error".equals(type) ? "tap-error" : type;
      return ServerSentEvent.builder(json.writeValueAsString(node)).event(name).build();
    } catch (JacksonException e) {
      return event(
          "tap-error", Map.of("message", "the controller sent a line that is not JSON: " + line));
    }
  }

  private ServerSentEvent<String> failed(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String message =
        cause instanceof ControllerErrorException || cause instanceof ControllerUnreachableException
            ? cause.getMessage()
            : "the tap failed: " + cause;
    return event("failed", Map.of("message", message));
  }

  private ServerSentEvent<String> event(String name, Map<String, String> data) {
    return ServerSentEvent.builder(json.writeValueAsString(data)).event(name).build();
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // Hanging up is all that is wanted; a failure to close leaves nothing to do.
    }
  }
}
