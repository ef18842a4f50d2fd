package dev.meshctl.bench.sut;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a mesh proxy's own metrics say about the TLS of the requests it handled in one direction:
 * {@code request_total} summed into those that were mTLS with the expected peer identity ({@code
 * tls="true"} and {@code server_id} outbound, {@code client_id} inbound) and all the others, by
 * their {@code tls} and identity labels. How {@code mesh-pair-mtls} proves that its traffic really
 * was mutual TLS between the proxies, not plaintext that happened to work.
 *
 * @param direction {@code outbound} or {@code inbound}
 * @param expectedPeer the identity the peer proxy must have proved
 * @param matching requests that were mTLS with {@code expectedPeer}
 * @param others the other requests, by {@code tls="..." <peer label>="..."}
 */
public record MtlsTraffic(
    String direction, String expectedPeer, long matching, Map<String, Long> others) {

  private static final String METRIC = "request_total";

  public MtlsTraffic {
    others = Map.copyOf(others);
  }

  /** The outbound requests of a client-side proxy, which must have gone to {@code server}. */
  public static MtlsTraffic outbound(String exposition, String server) {
    return parse(exposition, "outbound", "server_id", server);
  }

  /** The inbound requests of a server-side proxy, which must have come from {@code client}. */
  public static MtlsTraffic inbound(String exposition, String client) {
    return parse(exposition, "inbound", "client_id", client);
  }

  private static MtlsTraffic parse(
      String exposition, String direction, String peerLabel, String expectedPeer) {
    long matching = 0;
    Map<String, Long> others = new TreeMap<>();
    for (PrometheusSample sample : PrometheusSample.of(exposition, METRIC)) {
      if (!direction.equals(sample.label("direction"))) {
        continue;
      }
      long count = Math.round(sample.value());
      String tls = sample.label("tls");
      String peer = sample.label(peerLabel);
      if ("true".equals(tls) && expectedPeer.equals(peer)) {
        matching += count;
      } else if (count > 0) {
        others.merge("tls=\"%s\" %s=\"%s\"".formatted(tls, peerLabel, peer), count, Long::sum);
      }
    }
    return new MtlsTraffic(direction, expectedPeer, matching, others);
  }

  /** Requests not mTLS with the expected peer. */
  public long otherCount() {
    return others.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Why this is not all mTLS with the expected peer, if it is not: some other requests, or none at
   * all (nothing went through, so nothing was proven).
   *
   * @param proxy the proxy's name, for the message
   */
  public Optional<String> problem(String proxy) {
    if (matching > 0 && others.isEmpty()) {
      return Optional.empty();
    }
    String expected =
        "%s request_total with tls=\"true\" and the peer %s".formatted(direction, expectedPeer);
    if (matching == 0 && others.isEmpty()) {
      return Optional.of("%s counted no %s request at all".formatted(proxy, direction));
    }
    return Optional.of(
        "%s: not all traffic was mTLS: %d %s, but %d other (%s)"
            .formatted(proxy, matching, expected, otherCount(), others));
  }
}
