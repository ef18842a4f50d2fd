package dev.meshctl.controller.discovery;

import com.google.protobuf.ByteString;
import dev.meshctl.api.destination.AddrSet;
import dev.meshctl.api.destination.NoEndpoints;
import dev.meshctl.api.destination.TcpAddress;
import dev.meshctl.api.destination.Update;
import dev.meshctl.api.destination.WeightedAddr;
import dev.meshctl.api.destination.WeightedAddrSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The {@link Update}s that take a client from one {@link EndpointSet} to another. The first answer
 * is the whole set ({@code add}) or {@code no_endpoints}; after that: {@code remove} for addresses
 * gone, {@code add} for addresses new or changed in place, and {@code no_endpoints} when the set
 * becomes empty (which empties the client's set).
 */
public final class EndpointUpdates {

  /** Addresses in a stable order, so that equal sets make equal messages. */
  static final Comparator<TcpAddress> ADDRESS_ORDER =
      Comparator.comparing(TcpAddress::getIp, ByteString.unsignedLexicographicalComparator())
          .thenComparingInt(TcpAddress::getPort);

  private EndpointUpdates() {}

  /**
   * @param previous what the client was last told; null before the first answer
   * @param next the set now
   * @return the updates, in order; empty when the client's view is already right
   */
  public static List<Update> diff(EndpointSet previous, EndpointSet next) {
    Objects.requireNonNull(next, "next");
    if (previous == null || previous.endpoints().isEmpty()) {
      if (next.endpoints().isEmpty()) {
        boolean unchanged = previous != null && previous.exists() == next.exists();
        return unchanged ? List.of() : List.of(noEndpoints(next.exists()));
      }
      return List.of(add(next, next.endpoints().values()));
    }
    if (next.endpoints().isEmpty()) {
      return List.of(noEndpoints(next.exists()));
    }
    List<Update> updates = new ArrayList<>(2);
    List<TcpAddress> removed =
        previous.endpoints().keySet().stream()
            .filter(addr -> !next.endpoints().containsKey(addr))
            .sorted(ADDRESS_ORDER)
            .toList();
    if (!removed.isEmpty()) {
      updates.add(Update.newBuilder().setRemove(AddrSet.newBuilder().addAllAddrs(removed)).build());
    }
    List<WeightedAddr> added =
        next.endpoints().entrySet().stream()
            .filter(e -> !e.getValue().equals(previous.endpoints().get(e.getKey())))
            .map(java.util.Map.Entry::getValue)
            .toList();
    if (!added.isEmpty() || !previous.labels().equals(next.labels())) {
      updates.add(add(next, added.isEmpty() ? next.endpoints().values() : added));
    }
    return updates;
  }

  private static Update add(EndpointSet set, java.util.Collection<WeightedAddr> addrs) {
    List<WeightedAddr> sorted =
        addrs.stream().sorted(Comparator.comparing(WeightedAddr::getAddr, ADDRESS_ORDER)).toList();
    return Update.newBuilder()
        .setAdd(WeightedAddrSet.newBuilder().addAllAddrs(sorted).putAllMetricLabels(set.labels()))
        .build();
  }

  private static Update noEndpoints(boolean exists) {
    return Update.newBuilder().setNoEndpoints(NoEndpoints.newBuilder().setExists(exists)).build();
  }
}
