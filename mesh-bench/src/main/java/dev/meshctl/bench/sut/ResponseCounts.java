package dev.meshctl.bench.sut;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many responses a mesh proxy has counted from each endpoint: its admin {@code /metrics},
 * {@code response_total} of the outbound direction summed by {@code target_addr} over every status
 * and classification. Two scrapes around a run give what each endpoint answered during it ({@link
 * #since}).
 *
 * @param byTarget responses per endpoint ({@code ip:port}, as the proxy labels it)
 */
public record ResponseCounts(Map<String, Long> byTarget) {

  private static final String METRIC = "response_total";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  public ResponseCounts {
    byTarget = Map.copyOf(byTarget);
  }

  /** Reads the counts of the proxy whose admin server listens on {@code admin}. */
  public static ResponseCounts scrape(InetSocketAddress admin)
      throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + Ports.text(admin) + "/metrics"))
            .timeout(TIMEOUT)
            .GET()
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /metrics on " + Ports.text(admin) + ": " + response.statusCode());
    }
    return parse(response.body());
  }

  /**
   * Sums the outbound {@code response_total} samples of a Prometheus text exposition (version
   * 0.0.4) by {@code target_addr}; every other line is ignored.
   */
  public static ResponseCounts parse(String exposition) {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      if (!line.startsWith(METRIC + "{")) {
        continue;
      }
      int close = labelsEnd(line, METRIC.length() + 1);
      if (close < 0) {
        throw new IllegalArgumentException("unterminated labels: " + line);
      }
      Map<String, String> labels = labels(line.substring(METRIC.length() + 1, close));
      String target = labels.get("target_addr");
      if (target == null || !"outbound".equals(labels.get("direction"))) {
        continue;
      }
      String value = line.substring(close + 1).trim().split("\\s+")[0];
      counts.merge(target, Math.round(Double.parseDouble(value)), Long::sum);
    }
    return new ResponseCounts(counts);
  }

  /** The responses counted since {@code earlier}, per endpoint; endpoints with none left out. */
  public ResponseCounts since(ResponseCounts earlier) {
    Map<String, Long> delta = new TreeMap<>();
    byTarget.forEach(
        (target, count) -> {
          long d = count - earlier.byTarget.getOrDefault(target, 0L);
          if (d != 0) {
            delta.put(target, d);
          }
        });
    return new ResponseCounts(delta);
  }

  /** Responses from the endpoint at {@code targetAddr} ({@code ip:port}). */
  public long of(String targetAddr) {
    return byTarget.getOrDefault(targetAddr, 0L);
  }

  /** Responses from every endpoint. */
  public long total() {
    return byTarget.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The index of the '}' that closes the labels opened before {@code from}, or -1. */
  private static int labelsEnd(String line, int from) {
    boolean quoted = false;
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '}') {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code name="value",...} with the text format's escapes ({@code \\}, {@code \"}, {@code \n}).
   */
  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new HashMap<>();
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf('=', i);
      if (eq < 0 || eq + 1 >= text.length() || text.charAt(eq + 1) != '"') {
        throw new IllegalArgumentException("malformed labels: " + text);
      }
      String name = text.substring(i, eq).trim();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; j < text.length() && text.charAt(j) != '"'; j++) {
        char c = text.charAt(j);
        if (c == '\\' && j + 1 < text.length()) {
          char next = text.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      labels.put(name, value.toString());
      i = j + 1;
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      }
    }
    return labels;
  }
}
