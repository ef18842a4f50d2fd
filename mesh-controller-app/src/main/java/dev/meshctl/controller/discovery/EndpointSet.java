package dev.meshctl.controller.discovery;

import dev.meshctl.api.destination.TcpAddress;
import dev.meshctl.api.destination.WeightedAddr;
import java.util.Map;

/**
 * The endpoints of an authority at one moment.
 *
 * @param exists whether the authority exists (a Service, or a pod by IP), endpoints or not
 * @param labels metric labels common to every endpoint (namespace, service)
 * @param endpoints by address
 */
public record EndpointSet(
    boolean exists, Map<String, String> labels, Map<TcpAddress, WeightedAddr> endpoints) {

  private static final EndpointSet MISSING = new EndpointSet(false, Map.of(), Map.of());

  public EndpointSet {
    labels = Map.copyOf(labels);
    endpoints = Map.copyOf(endpoints);
  }

  /** An authority that does not exist. */
  public static EndpointSet missing() {
    return MISSING;
  }
}
