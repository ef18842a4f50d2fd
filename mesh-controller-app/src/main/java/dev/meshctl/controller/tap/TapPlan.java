package dev.meshctl.controller.tap;

import dev.meshctl.api.tap.ObserveRequest;
import java.util.List;
import java.util.Set;

/**
 * A tap ready to start: the proxies to open, the request each is sent, and what the controller
 * checks itself on every request it passes.
 *
 * @param destinationIdentities with {@code to=RESOURCE}, the identities a request's destination
 *     must have; empty when any destination will do. The proxies match the peer's identity, which
 *     is the source of an inbound request: checking the destination here keeps {@code to} meaning
 *     "toward" in both directions.
 * @param maxRps requests per second passed at most, over all the proxies
 * @param limit requests after which the tap ends; 0 for none
 */
record TapPlan(
    List<TapTarget> targets,
    ObserveRequest request,
    Set<String> destinationIdentities,
    double maxRps,
    int limit) {

  TapPlan {
    targets = List.copyOf(targets);
    destinationIdentities = Set.copyOf(destinationIdentities);
  }
}
