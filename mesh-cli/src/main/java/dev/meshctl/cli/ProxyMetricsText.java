package dev.meshctl.cli;

/** Reads the few figures the local mesh needs from a proxy's {@code /metrics} text. */
final class ProxyMetricsText {

  private ProxyMetricsText() {}

  /** Responses the proxy's inbound side sent to requests that arrived over mTLS. */
  static long inboundMeshedResponses(String metrics) {
    long total = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("response_total{")
          && line.contains("direction=\"inbound\"")
          && line.contains("tls=\"true\"")) {
        String value = line.substring(line.lastIndexOf(' ') + 1);
        try {
          total += (long) Double.parseDouble(value);
        } catch (NumberFormatException malformed) {
          // not a sample line after all
        }
      }
    }
    return total;
  }
}
