package dev.meshctl.proxy.discovery;

import dev.meshctl.proxy.profile.ServiceProfile;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a client's authority resolves to: the endpoints its requests are balanced over, and the
 * service profile that gives them routes, timeouts and retries. A snapshot; the source hands out a
 * new one when the set changes. Immutable; equal when authority, endpoints and profile are.
 */
public final class Destination {

  private final Authority authority;
  private final List<Endpoint> endpoints;
  private final ServiceProfile profile;
  private final Map<InetSocketAddress, String> identities;

  public Destination(Authority authority, List<Endpoint> endpoints, ServiceProfile profile) {
    this.authority = Objects.requireNonNull(authority, "authority");
    this.endpoints = List.copyOf(endpoints);
    this.profile = Objects.requireNonNull(profile, "profile");
    Map<InetSocketAddress, String> map = new HashMap<>();
    for (Endpoint e : this.endpoints) {
      e.identity().ifPresent(id -> map.put(e.address(), id));
    }
    this.identities = Map.copyOf(map);
  }

  /** A destination without a profile: {@link ServiceProfile#none()}. */
  public Destination(Authority authority, List<Endpoint> endpoints) {
    this(authority, endpoints, ServiceProfile.none());
  }

  public Authority authority() {
    return authority;
  }

  public List<Endpoint> endpoints() {
    return endpoints;
  }

  public ServiceProfile profile() {
    return profile;
  }

  /**
   * The identity each meshed endpoint must present over mTLS, by address; endpoints that are not
   * meshed are absent. Built once, for the request path to look up without allocating.
   */
  public Map<InetSocketAddress, String> identities() {
    return identities;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Destination other
        && authority.equals(other.authority)
        && endpoints.equals(other.endpoints)
        && profile.equals(other.profile);
  }

  @Override
  public int hashCode() {
    return Objects.hash(authority, endpoints, profile);
  }

  @Override
  public String toString() {
    return "Destination[" + authority + ", " + endpoints + ", " + profile + "]";
  }
}
