package dev.meshctl.bench.sut;

import java.io.IOException;
import java.net.InetSocketAddress;
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

  public ResponseCounts {
    byTarget = Map.copyOf(byTarget);
  }

  /** Reads the counts of the proxy whose admin server listens on {@code admin}. */
  public static ResponseCounts scrape(InetSocketAddress admin)
      throws IOException, InterruptedException {
    return parse(AdminMetrics.scrape(admin));
  }

  /**
   * Sums the outbound {@code response_total} samples of a Prometheus text exposition (version
   * 0.0.4) by {@code target_addr}; every other line is ignored.
   */
  public static ResponseCounts parse(String exposition) {
    Map<String, Long> counts = new TreeMap<>();
    for (PrometheusSample sample : PrometheusSample.of(exposition, METRIC)) {
      String target = sample.labels().get("target_addr");
      if (target == null || !"outbound".equals(sample.labels().get("direction"))) {
        continue;
      }
      counts.merge(target, Math.round(sample.value()), Long::sum);
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
}
