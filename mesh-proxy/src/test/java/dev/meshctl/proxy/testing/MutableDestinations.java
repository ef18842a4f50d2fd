package dev.meshctl.proxy.testing;

import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.discovery.Destination;
import dev.meshctl.proxy.discovery.DestinationSource;
import dev.meshctl.proxy.discovery.Endpoint;
import dev.meshctl.proxy.profile.ServiceProfile;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A destination source a test sets directly. */
public final class MutableDestinations implements DestinationSource {

  private final Map<Authority, Destination> destinations = new ConcurrentHashMap<>();

  /** Sets the endpoints (weight 1 each) of an authority written {@code host:port}. */
  public MutableDestinations put(String authority, InetSocketAddress... endpoints) {
    return put(authority, ServiceProfile.none(), endpoints);
  }

  /** Sets the endpoints (weight 1 each) and the service profile of an authority. */
  public MutableDestinations put(
      String authority, ServiceProfile profile, InetSocketAddress... endpoints) {
    Authority parsed = Authority.parse(authority, 80);
    destinations.put(
        parsed,
        new Destination(
            parsed,
            Arrays.stream(endpoints).map(address -> new Endpoint(address, 1)).toList(),
            profile));
    return this;
  }

  /** Sets the endpoints, as given (with their weights and identities), of an authority. */
  public MutableDestinations putEndpoints(String authority, Endpoint... endpoints) {
    Authority parsed = Authority.parse(authority, 80);
    destinations.put(parsed, new Destination(parsed, List.of(endpoints), ServiceProfile.none()));
    return this;
  }

  @Override
  public Optional<Destination> lookup(Authority authority) {
    return Optional.ofNullable(destinations.get(authority));
  }

  @Override
  public void close() {}
}
