package dev.meshctl.controller.tap;

import dev.meshctl.api.tap.TapEvent;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Decides which events of one tap reach its client: a request is admitted while the tap is under
 * its {@code limit} and its {@code maxRps} (a token bucket over all the proxies, one second deep),
 * and, with {@code to}, when its destination has one of the wanted identities; the response and end
 * events of an admitted request follow it, those of any other request are dropped. Failures always
 * pass. One gate per tap; its events come one at a time (the merged stream is serial).
 */
final class TapGate {

  private final int limit;
  private final double maxRps;
  private final Set<String> destinationIdentities;
  private final LongSupplier nanoTime;
  private final Set<String> open = new HashSet<>();
  private int admitted;
  private double tokens;
  private long refilledAt;

  /**
   * @param nanoTime the clock of the token bucket ({@code System::nanoTime}; a fake one in tests)
   */
  TapGate(TapPlan plan, LongSupplier nanoTime) {
    this.limit = plan.limit();
    this.maxRps = plan.maxRps();
    this.destinationIdentities = plan.destinationIdentities();
    this.nanoTime = nanoTime;
    this.tokens = depth();
    this.refilledAt = nanoTime.getAsLong();
  }

  /** Whether the event goes to the client. */
  synchronized boolean admit(PodEvent event) {
    if (!(event instanceof PodEvent.Observed observed)) {
      return true;
    }
    String id = observed.id();
    TapEvent tapEvent = observed.event();
    if (tapEvent.hasRequestInit()) {
      if (limitReached() || !wanted(tapEvent) || !takeToken()) {
        return false;
      }
      admitted++;
      open.add(id);
      return true;
    }
    if (tapEvent.hasResponseEnd()) {
      return open.remove(id);
    }
    return open.contains(id);
  }

  /** Whether {@code limit} requests were admitted and every one of them has ended. */
  synchronized boolean finished() {
    return limitReached() && open.isEmpty();
  }

  synchronized boolean limitReached() {
    return limit > 0 && admitted >= limit;
  }

  private boolean wanted(TapEvent event) {
    return destinationIdentities.isEmpty()
        || destinationIdentities.contains(event.getDestination().getIdentity());
  }

  /** A second's worth of requests, and at least one so that a rate under 1/s passes any. */
  private double depth() {
    return Math.max(1, maxRps);
  }

  private boolean takeToken() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(depth(), tokens + (now - refilledAt) * maxRps / 1e9);
    refilledAt = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
