package dev.meshctl.proxy.discovery;

import dev.meshctl.proxy.profile.ServiceProfile;
import java.util.List;
import java.util.Objects;

/**
 * What a client's authority resolves to: the endpoints its requests are balanced over, and the
 * service profile that gives them routes, timeouts and retries. A snapshot; the source hands out a
 * new one when the set changes.
 */
public record Destination(Authority authority, List<Endpoint> endpoints, ServiceProfile profile) {

  public Destination {
    Objects.requireNonNull(authority, "authority");
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(profile, "profile");
  }

  /** A destination without a profile: {@link ServiceProfile#none()}. */
  public Destination(Authority authority, List<Endpoint> endpoints) {
    this(authority, endpoints, ServiceProfile.none());
  }
}
