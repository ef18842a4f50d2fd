package dev.meshctl.bench.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.meshctl.bench.load.LoadClient;
import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.load.OpenLoopRun;
import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.Target;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A backend started with a delay (the slow endpoint of bench/balancer), over real sockets. */
class BackendDelayTest {

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void everyAnswer_isHeldBackByTheDelay_andStillSucceeds(Protocol protocol) throws Exception {
    try (Backend backend =
            Backend.start(new InetSocketAddress("127.0.0.1", 0), 1, Duration.ofMillis(50));
        LoadClient client =
            LoadClient.connect(
                protocol,
                new Target(backend.address(), "backend.test:8080"),
                new LoadClient.Options(4, 1))) {
      LoadResult result =
          OpenLoopRun.run(client, 40, Duration.ofMillis(250), Duration.ofSeconds(2));

      assertThat(result.ok()).isEqualTo(result.sent()).isEqualTo(10);
      assertThat(result.latency().p50()).isGreaterThanOrEqualTo(50.0).isLessThan(1_000.0);
    }
  }

  @Test
  void negativeDelay_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> Backend.start(new InetSocketAddress("127.0.0.1", 0), 1, Duration.ofMillis(-1)));
  }
}
