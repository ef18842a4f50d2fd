package dev.meshctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes one tap event as Linkerd writes it, one line per event:
 *
 * <pre>
 * req id=web-1:12 proxy=out src=127.0.0.1:51234 dst=127.0.0.1:4143 tls=true :method=GET :authority=books:80 :path=/books
 * rsp id=web-1:12 proxy=out src=127.0.0.1:51234 dst=127.0.0.1:4143 tls=true :status=200 latency=1234µs
 * end id=web-1:12 proxy=out src=127.0.0.1:51234 dst=127.0.0.1:4143 tls=true duration=1500µs response-length=120B grpc-status=0
 * </pre>
 *
 * Wide adds the pod and the peers' identities. Lines of other types are not events: {@link #format}
 * answers empty for them.
 */
final class TapLineFormatter {

  private final boolean wide;

  TapLineFormatter(boolean wide) {
    this.wide = wide;
  }

  Optional<String> format(JsonNode event) {
    String type = event.path("type").asText();
    StringBuilder line = new StringBuilder();
    switch (type) {
      case "request" -> line.append("req");
      case "response" -> line.append("rsp");
      case "end" -> line.append("end");
      default -> {
        return Optional.empty();
      }
    }
    line.append(" id=").append(event.path("id").asText());
    line.append(" proxy=").append(direction(event.path("direction").asText()));
    line.append(" src=").append(event.path("source").asText());
    line.append(" dst=").append(event.path("destination").asText());
    line.append(" tls=").append(event.path("tls").asBoolean());
    if (wide) {
      line.append(" pod=").append(event.path("pod").asText());
      line.append(" src-id=").append(orDash(event.path("sourceIdentity")));
      line.append(" dst-id=").append(orDash(event.path("destinationIdentity")));
    }
    switch (type) {
      case "request" ->
          line.append(" :method=")
              .append(event.path("method").asText())
              .append(" :authority=")
              .append(event.path("authority").asText())
              .append(" :path=")
              .append(event.path("path").asText());
      case "response" ->
          line.append(" :status=")
              .append(event.path("status").asInt())
              .append(" latency=")
              .append(micros(event.path("latencyMs").asDouble()));
      default -> {
        line.append(" duration=")
            .append(micros(event.path("durationMs").asDouble()))
            .append(" response-length=")
            .append(event.path("responseBytes").asLong())
            .append('B');
        if (!event.path("grpcStatus").isMissingNode() && !event.path("grpcStatus").isNull()) {
          line.append(" grpc-status=").append(event.path("grpcStatus").asInt());
        }
        if (!event.path("resetReason").isMissingNode() && !event.path("resetReason").isNull()) {
          line.append(" reset-reason=").append(quoteIfSpaced(event.path("resetReason").asText()));
        }
      }
    }
    return Optional.of(line.toString());
  }

  /** Milliseconds as whole microseconds: {@code 1234µs}, Linkerd's unit for tap latencies. */
  static String micros(double millis) {
    return Math.round(millis * 1000) + "µs";
  }

  private static String direction(String direction) {
    return switch (direction) {
      case "outbound" -> "out";
      case "inbound" -> "in";
      default -> direction.toLowerCase(Locale.ROOT);
    };
  }

  private static String orDash(JsonNode value) {
    return value.isMissingNode() || value.isNull() || value.asText().isEmpty()
        ? "-"
        : value.asText();
  }

  private static String quoteIfSpaced(String value) {
    return value.contains(" ") ? JsonStrings.quote(value) : value;
  }
}
