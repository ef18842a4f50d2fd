package dev.meshctl.proxy.discovery;

import java.util.List;

/**
 * What a client's authority resolves to: the endpoints its requests are balanced over. A snapshot;
 * the source hands out a new one when the set changes.
 */
public record Destination(Authority authority, List<Endpoint> endpoints) {

  public Destination {
    endpoints = List.copyOf(endpoints);
  }
}
