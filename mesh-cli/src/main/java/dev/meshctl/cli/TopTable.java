package dev.meshctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The busiest paths seen in tap events, for {@code meshctl top}: one row per source, destination,
 * method and path, with the number of requests, the best, worst and last latency (request start to
 * response end) and the share that succeeded, sorted by count.
 *
 * <p>A request counts when it starts; its latency and outcome when it ends. Success is Linkerd's
 * rule: a gRPC status of 0 when the response carried one, else an HTTP status below 500; a reset
 * stream failed. The tapped pod names its side (the source of an outbound request, the destination
 * of an inbound one); the other side is named by its identity's service account, else its IP.
 */
final class TopTable {

  /** The row a request belongs to. */
  record Key(String source, String destination, String method, String path) {}

  /** One row, as printed. Latencies are null until a request of the row ended. */
  record Row(
      Key key,
      long count,
      Double bestMs,
      Double worstMs,
      Double lastMs,
      long ended,
      long succeeded) {

    /** Null until a request ended. */
    Double successRate() {
      return ended == 0 ? null : (double) succeeded / ended;
    }
  }

  private final Map<Key, Row> rows = new LinkedHashMap<>();
  private final Map<String, Key> open = new HashMap<>();
  private final Map<String, Integer> statuses = new HashMap<>();

  /** Takes one event line of the tap stream; lines of other types are ignored. */
  synchronized void add(JsonNode event) {
    String id = event.path("id").asText();
    switch (event.path("type").asText()) {
      case "request" -> {
        Key key = key(event);
        open.put(id, key);
        rows.merge(key, new Row(key, 1, null, null, null, 0, 0), TopTable::plusRequest);
      }
      case "response" -> statuses.put(id, event.path("status").asInt());
      case "end" -> {
        Key key = open.remove(id);
        Integer status = statuses.remove(id);
        if (key == null) {
          return;
        }
        double latency = event.path("durationMs").asDouble();
        boolean success = succeeded(event, status);
        Row row = rows.get(key);
        rows.put(
            key,
            new Row(
                key,
                row.count(),
                row.bestMs() == null ? latency : Math.min(row.bestMs(), latency),
                row.worstMs() == null ? latency : Math.max(row.worstMs(), latency),
                latency,
                row.ended() + 1,
                row.succeeded() + (success ? 1 : 0)));
      }
      default -> {}
    }
  }

  /** The rows, busiest first; ties by source, destination, method and path. */
  synchronized List<Row> rows() {
    List<Row> sorted = new ArrayList<>(rows.values());
    sorted.sort(
        Comparator.comparingLong(Row::count)
            .reversed()
            .thenComparing(r -> r.key().source())
            .thenComparing(r -> r.key().destination())
            .thenComparing(r -> r.key().method())
            .thenComparing(r -> r.key().path()));
    return sorted;
  }

  /** The table as text, columns aligned. */
  String render() {
    List<String[]> lines = new ArrayList<>();
    lines.add(
        new String[] {
          "SOURCE", "DESTINATION", "METHOD", "PATH", "COUNT", "BEST", "WORST", "LAST", "SUCCESS"
        });
    for (Row row : rows()) {
      lines.add(
          new String[] {
            row.key().source(),
            row.key().destination(),
            row.key().method(),
            row.key().path(),
            Long.toString(row.count()),
            latency(row.bestMs()),
            latency(row.worstMs()),
            latency(row.lastMs()),
            row.successRate() == null
                ? "-"
                : String.format(Locale.ROOT, "%.2f%%", row.successRate() * 100)
          });
    }
    int[] widths = new int[lines.get(0).length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] line : lines) {
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        row.append(line[i]);
        if (i < line.length - 1) {
          row.append(" ".repeat(widths[i] - line[i].length() + 3));
        }
      }
      text.append(row.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  /**
   * The table as JSON: {@code {"rows": [{"source", "destination", "method", "path", "count",
   * "bestMs", "worstMs", "lastMs", "successRate"}]}}, null latencies and rate until a request of
   * the row ended.
   */
  String json(ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    ArrayNode array = root.putArray("rows");
    for (Row row : rows()) {
      array
          .addObject()
          .put("source", row.key().source())
          .put("destination", row.key().destination())
          .put("method", row.key().method())
          .put("path", row.key().path())
          .put("count", row.count())
          .put("bestMs", row.bestMs())
          .put("worstMs", row.worstMs())
          .put("lastMs", row.lastMs())
          .put("successRate", row.successRate());
    }
    return root.toString();
  }

  private static Row plusRequest(Row old, Row one) {
    return new Row(
        old.key(),
        old.count() + 1,
        old.bestMs(),
        old.worstMs(),
        old.lastMs(),
        old.ended(),
        old.succeeded());
  }

  private static boolean succeeded(JsonNode end, Integer status) {
    JsonNode reset = end.path("resetReason");
    if (!reset.isMissingNode() && !reset.isNull()) {
      return false;
    }
    JsonNode grpc = end.path("grpcStatus");
    if (!grpc.isMissingNode() && !grpc.isNull()) {
      return grpc.asInt() == 0;
    }
    return status != null && status < 500;
  }

  private static Key key(JsonNode request) {
    String pod = request.path("pod").asText();
    boolean inbound = request.path("direction").asText().equals("inbound");
    String source = inbound ? peer(request.path("sourceIdentity"), request.path("source")) : pod;
    String destination =
        inbound ? pod : peer(request.path("destinationIdentity"), request.path("destination"));
    return new Key(
        source, destination, request.path("method").asText(), request.path("path").asText());
  }

  /** The service account of an identity ({@code books.demo.serviceaccount...}), else the IP. */
  private static String peer(JsonNode identity, JsonNode address) {
    if (!identity.isMissingNode() && !identity.isNull() && !identity.asText().isEmpty()) {
      String id = identity.asText();
      int dot = id.indexOf('.');
      return dot < 0 ? id : id.substring(0, dot);
    }
    String text = address.asText();
    int colon = text.lastIndexOf(':');
    return colon < 0 ? text : text.substring(0, colon);
  }

  private static String latency(Double millis) {
    if (millis == null) {
      return "-";
    }
    if (millis < 1) {
      return TapLineFormatter.micros(millis);
    }
    return String.format(Locale.ROOT, millis < 10 ? "%.1fms" : "%.0fms", millis);
  }
}
