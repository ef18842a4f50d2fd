package dev.meshctl.proxy.discovery.remote;

import dev.meshctl.api.destination.TcpAddress;
import dev.meshctl.api.destination.Update;
import dev.meshctl.api.destination.WeightedAddr;
import dev.meshctl.proxy.discovery.Endpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One authority's endpoints as the controller's {@code Get} stream describes them, rebuilt from its
 * updates: {@code add} puts endpoints in (or changes them in place), {@code remove} takes them out,
 * {@code no_endpoints} empties the set and says whether the authority exists at all. The first
 * message of a stream is the whole set, so it replaces what an earlier stream said. Mutable, used
 * by one thread; {@link #endpoints()} is the snapshot the destination is built from.
 *
 * <p>An address that cannot be used (not 4 or 16 bytes, a port out of range) is left out with a
 * problem reported; the rest of the update applies. Weights are relative: 0 (unset) counts as 1,
 * and a weight is capped at {@value #MAX_WEIGHT}, as in the static destinations file. Labels and
 * protocol hints are not used by the proxy yet.
 */
final class EndpointSet {

  /** The largest weight kept, far from int overflow in any sum of weights. */
  static final int MAX_WEIGHT = 1_000_000;

  private final Map<InetSocketAddress, Endpoint> endpoints = new LinkedHashMap<>();
  private boolean known;
  private boolean exists;

  /**
   * Applies one update.
   *
   * @param replace the update is the first of a new stream: it replaces the set rather than
   *     changing it
   * @param problems told about each address left out, in words
   * @return whether the set, or whether the authority exists, changed
   */
  boolean apply(Update update, boolean replace, Consumer<String> problems) {
    List<Endpoint> before = endpoints();
    boolean existedBefore = exists;
    boolean knownBefore = known;
    if (replace) {
      endpoints.clear();
    }
    switch (update.getUpdateCase()) {
      case ADD -> {
        exists = true;
        for (WeightedAddr addr : update.getAdd().getAddrsList()) {
          Endpoint endpoint = endpoint(addr, problems);
          if (endpoint != null) {
            // An address already in the set is changed in place: the map keeps its position.
            endpoints.put(endpoint.address(), endpoint);
          }
        }
      }
      case REMOVE -> {
        for (TcpAddress addr : update.getRemove().getAddrsList()) {
          InetSocketAddress address = address(addr, problems);
          if (address != null) {
            endpoints.remove(address);
          }
        }
      }
      case NO_ENDPOINTS -> {
        endpoints.clear();
        exists = update.getNoEndpoints().getExists();
      }
      case UPDATE_NOT_SET -> {
        problems.accept("an update with none of add, remove or no_endpoints was ignored");
        if (!replace) {
          return false;
        }
      }
    }
    known = true;
    return !knownBefore || existedBefore != exists || !before.equals(endpoints());
  }

  /** Whether a first answer came: before it, nothing is known about the authority. */
  boolean known() {
    return known;
  }

  /**
   * Whether the authority exists: false after {@code no_endpoints} with {@code exists = false} (the
   * controller does not know the name), until endpoints are added.
   */
  boolean exists() {
    return exists;
  }

  /** The endpoints now, in the order they were first added. */
  List<Endpoint> endpoints() {
    return List.copyOf(endpoints.values());
  }

  private static Endpoint endpoint(WeightedAddr addr, Consumer<String> problems) {
    InetSocketAddress address = address(addr.getAddr(), problems);
    if (address == null) {
      return null;
    }
    long weight = Integer.toUnsignedLong(addr.getWeight());
    int clamped = (int) Math.max(1, Math.min(MAX_WEIGHT, weight));
    String identity = addr.getTlsIdentity().getDnsLikeIdentity();
    return new Endpoint(
        address,
        clamped,
        identity.isEmpty() ? Optional.empty() : Optional.of(identity.toLowerCase(Locale.ROOT)));
  }

  private static InetSocketAddress address(TcpAddress addr, Consumer<String> problems) {
    byte[] ip = addr.getIp().toByteArray();
    int port = addr.getPort();
    if (ip.length != 4 && ip.length != 16) {
      problems.accept(
          "an address of " + ip.length + " bytes (not IPv4's 4 or IPv6's 16) was left out");
      return null;
    }
    if (port < 1 || port > 65535) {
      problems.accept(
          "an address with port " + Integer.toUnsignedString(port) + " (not 1-65535) was left out");
      return null;
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an IP address", e);
    }
  }

  @Override
  public String toString() {
    List<String> labels = new ArrayList<>();
    endpoints.values().forEach(e -> labels.add(e.label()));
    return known ? (exists ? labels.toString() : "does not exist") : "unknown";
  }
}
