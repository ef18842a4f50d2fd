package dev.meshctl.controller.tap;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.meshctl.api.tap.TapEvent;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the lines of the tap stream ({@code application/x-ndjson}), one JSON object each, the
 * contract of {@code GET /api/v1/tap}: {@code tapping} first, then {@code request}, {@code
 * response} and {@code end} events as they happen, and {@code error} for a pod whose tap failed.
 * Every event line repeats the peers, identities and {@code tls} so that each stands alone.
 */
final class TapLines {

  private final JsonMapper json = JsonMapper.builder().build();

  String tapping(List<TapTarget> targets) {
    ObjectNode line = json.createObjectNode().put("type", "tapping");
    var pods = line.putArray("pods");
    targets.forEach(t -> pods.add(t.pod()));
    return write(line);
  }

  String line(PodEvent event) {
    if (event instanceof PodEvent.Failed failed) {
      return write(
          json.createObjectNode()
              .put("type", "error")
              .put("pod", failed.target().pod())
              .put("message", failed.message()));
    }
    return write(observed((PodEvent.Observed) event));
  }

  private ObjectNode observed(PodEvent.Observed observed) {
    TapEvent event = observed.event();
    String type =
        switch (event.getEventCase()) {
          case REQUEST_INIT -> "request";
          case RESPONSE_INIT -> "response";
          case RESPONSE_END -> "end";
          case EVENT_NOT_SET -> "unknown";
        };
    ObjectNode line =
        json.createObjectNode()
            .put("type", type)
            .put("id", observed.id())
            .put("pod", observed.target().pod())
            .put("direction", direction(event.getDirection()))
            .put("source", event.getSource().getAddress())
            .put("destination", event.getDestination().getAddress())
            .put("sourceIdentity", orNull(event.getSource().getIdentity()))
            .put("destinationIdentity", orNull(event.getDestination().getIdentity()))
            .put("tls", tls(event));
    switch (event.getEventCase()) {
      case REQUEST_INIT -> {
        var request = event.getRequestInit();
        line.put("method", request.getMethod())
            .put("authority", request.getAuthority())
            .put("path", request.getPath())
            .put("at", at(request.hasAt() ? request.getAt() : null));
      }
      case RESPONSE_INIT -> {
        var response = event.getResponseInit();
        line.put("status", response.getHttpStatus())
            .put("latencyMs", millis(response.getSinceRequestInit()));
      }
      case RESPONSE_END -> {
        var end = event.getResponseEnd();
        line.put("durationMs", millis(end.getSinceRequestInit()))
            .put("responseBytes", end.getResponseBytes())
            .put("grpcStatus", end.hasGrpcStatus() ? end.getGrpcStatus() : null)
            .put("resetReason", end.hasResetReason() ? end.getResetReason() : null);
      }
      case EVENT_NOT_SET -> {}
    }
    return line;
  }

  /**
   * Whether the request travelled over mTLS: the peer the proxy talked to for it (the destination
   * of an outbound request, the source of an inbound one) presented an identity.
   */
  private static boolean tls(TapEvent event) {
    return switch (event.getDirection()) {
      case OUTBOUND -> !event.getDestination().getIdentity().isEmpty();
      case INBOUND -> !event.getSource().getIdentity().isEmpty();
      default ->
          !event.getDestination().getIdentity().isEmpty()
              || !event.getSource().getIdentity().isEmpty();
    };
  }

  private static String direction(TapEvent.Direction direction) {
    return switch (direction) {
      case INBOUND -> "inbound";
      case OUTBOUND -> "outbound";
      default -> "unknown";
    };
  }

  private static String at(Timestamp at) {
    Instant instant =
        at == null ? Instant.now() : Instant.ofEpochSecond(at.getSeconds(), at.getNanos());
    return instant.toString();
  }

  private static double millis(Duration duration) {
    return duration.getSeconds() * 1e3 + duration.getNanos() / 1e6;
  }

  private static String orNull(String value) {
    return value.isEmpty() ? null : value;
  }

  private String write(ObjectNode line) {
    return json.writeValueAsString(line) + "\n";
  }
}
