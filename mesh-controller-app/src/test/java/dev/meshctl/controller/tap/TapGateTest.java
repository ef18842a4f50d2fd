package dev.meshctl.controller.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.api.tap.ObserveRequest;
import dev.meshctl.api.tap.TapEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TapGateTest {

  private static final TapTarget POD = new TapTarget("demo", "web-1", "127.0.0.1", 4190, "web");
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private TapGate gate(double maxRps, int limit, Set<String> to) {
    return new TapGate(
        new TapPlan(List.of(POD), ObserveRequest.getDefaultInstance(), to, maxRps, limit),
        nanos::get);
  }

  @Test
  void limit_admitsThatManyRequests_andFinishesWhenTheyEnded() {
    TapGate gate = gate(100, 2, Set.of());

    assertThat(gate.admit(request(1, "b"))).isTrue();
    assertThat(gate.admit(request(2, "b"))).isTrue();
    assertThat(gate.limitReached()).isTrue();
    assertThat(gate.admit(request(3, "b"))).isFalse();
    assertThat(gate.admit(response(3))).isFalse();
    assertThat(gate.admit(response(1))).isTrue();
    assertThat(gate.admit(end(1))).isTrue();
    assertThat(gate.finished()).isFalse();
    assertThat(gate.admit(end(2))).isTrue();
    assertThat(gate.finished()).isTrue();
  }

  @Test
  void noLimit_neverFinishes() {
    TapGate gate = gate(100, 0, Set.of());
    assertThat(gate.admit(request(1, "b"))).isTrue();
    assertThat(gate.admit(end(1))).isTrue();
    assertThat(gate.finished()).isFalse();
  }

  @Test
  void maxRps_dropsRequestsOverTheRate_andTheirFollowingEvents_refillingWithTime() {
    TapGate gate = gate(2, 0, Set.of());

    assertThat(gate.admit(request(1, "b"))).isTrue();
    assertThat(gate.admit(request(2, "b"))).isTrue();
    assertThat(gate.admit(request(3, "b"))).isFalse();
    assertThat(gate.admit(response(3))).isFalse();
    assertThat(gate.admit(end(3))).isFalse();

    nanos.addAndGet(500_000_000L);
    assertThat(gate.admit(request(4, "b"))).isTrue();
    assertThat(gate.admit(request(5, "b"))).isFalse();
  }

  @Test
  void aRateUnderOnePerSecond_stillPassesOneRequestAtATime() {
    TapGate gate = gate(0.5, 0, Set.of());
    assertThat(gate.admit(request(1, "b"))).isTrue();
    assertThat(gate.admit(request(2, "b"))).isFalse();
    nanos.addAndGet(2_000_000_000L);
    assertThat(gate.admit(request(3, "b"))).isTrue();
  }

  @Test
  void to_passesOnlyRequestsTowardTheWantedIdentities() {
    TapGate gate = gate(100, 0, Set.of("books"));
    assertThat(gate.admit(request(1, "books"))).isTrue();
    assertThat(gate.admit(request(2, "authors"))).isFalse();
    assertThat(gate.admit(response(2))).isFalse();
  }

  @Test
  void failures_alwaysPass() {
    TapGate gate = gate(100, 1, Set.of());
    gate.admit(request(1, "b"));
    assertThat(gate.admit(new PodEvent.Failed(POD, "gone"))).isTrue();
  }

  private static PodEvent request(long id, String destination) {
    return event(
        TapEvent.newBuilder()
            .setStreamId(id)
            .setDestination(TapEvent.Peer.newBuilder().setIdentity(destination))
            .setRequestInit(TapEvent.RequestInit.newBuilder().setMethod("GET")));
  }

  private static PodEvent response(long id) {
    return event(
        TapEvent.newBuilder()
            .setStreamId(id)
            .setResponseInit(TapEvent.ResponseInit.newBuilder().setHttpStatus(200)));
  }

  private static PodEvent end(long id) {
    return event(
        TapEvent.newBuilder().setStreamId(id).setResponseEnd(TapEvent.ResponseEnd.newBuilder()));
  }

  private static PodEvent event(TapEvent.Builder event) {
    return new PodEvent.Observed(POD, event.build());
  }
}
