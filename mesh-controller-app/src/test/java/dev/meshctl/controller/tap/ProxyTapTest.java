package dev.meshctl.controller.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.api.tap.ObserveRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * One proxy's tap against a real plaintext gRPC Tap server (a proxy without identity on loopback):
 * a client that does not read keeps at most the buffer, the rest is dropped and counted.
 */
class ProxyTapTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private final AtomicInteger dropped = new AtomicInteger();
  private final ScriptedTapServer server;
  private final ProxyTap tap;

  ProxyTapTest() throws Exception {
    server = new ScriptedTapServer();
    tap =
        new ProxyTap(
            new TapChannels(Optional.empty(), Duration.ofSeconds(5)),
            10,
            target -> dropped.incrementAndGet());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aClientThatDoesNotRead_keepsOnlyTheBuffer_andTheRestIsDroppedAndCounted() {
    server.script(
        (request, call) -> {
          for (int id = 1; id <= 200; id++) {
            ScriptedTapServer.request(call, id, "", "", "GET", "/", 200);
          }
          call.onCompleted();
        });
    TapTarget target = new TapTarget("demo", "web-1", "127.0.0.1", server.port(), "web");
    List<PodEvent> received = new CopyOnWriteArrayList<>();
    AtomicBoolean completed = new AtomicBoolean();
    BaseSubscriber<PodEvent> slowClient =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(Subscription subscription) {
            // Reads nothing until the test says so.
          }

          @Override
          protected void hookOnNext(PodEvent event) {
            received.add(event);
          }

          @Override
          protected void hookOnComplete() {
            completed.set(true);
          }
        };

    tap.observe(target, ObserveRequest.getDefaultInstance(), Optional.empty())
        .subscribe(slowClient);
    await().atMost(DEADLINE).until(() -> dropped.get() == 600 - 10);
    slowClient.requestUnbounded();

    await().atMost(DEADLINE).untilTrue(completed);
    assertThat(received).hasSize(10);
    assertThat(received.get(0)).isInstanceOf(PodEvent.Observed.class);
    assertThat(((PodEvent.Observed) received.get(0)).id()).isEqualTo("web-1:1");
  }

  @Test
  void plaintext_whenNoTlsIsConfigured_andCancelReachesTheServer() {
    server.script((request, call) -> ScriptedTapServer.request(call, 1, "", "", "GET", "/", 200));
    TapTarget target = new TapTarget("demo", "web-1", "127.0.0.1", server.port(), "web");
    List<PodEvent> received = new CopyOnWriteArrayList<>();

    var subscription =
        tap.observe(target, ObserveRequest.getDefaultInstance(), Optional.empty())
            .subscribe(received::add);
    await().atMost(DEADLINE).until(() -> received.size() == 3);
    subscription.dispose();

    await().atMost(DEADLINE).until(() -> server.cancelled.get() == 1);
  }
}
