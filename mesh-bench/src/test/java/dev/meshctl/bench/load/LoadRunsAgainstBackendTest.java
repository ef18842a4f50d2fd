package dev.meshctl.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.bench.backend.Backend;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generator against the real backend over loopback, every protocol, at a low rate. */
class LoadRunsAgainstBackendTest {

  private static Backend backend;

  @BeforeAll
  static void startBackend() throws InterruptedException {
    backend = Backend.start(new InetSocketAddress("127.0.0.1", 0), 1);
  }

  @AfterAll
  static void stopBackend() {
    backend.close();
  }

  private static Target target() {
    return new Target(backend.address(), "backend.test:8080");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void openLoop_sendsEveryRequestAtTheRate_andAllSucceed(Protocol protocol) throws Exception {
    try (LoadClient client = LoadClient.connect(protocol, target(), new LoadClient.Options(4, 1))) {
      LoadResult result =
          OpenLoopRun.run(client, 200, Duration.ofMillis(500), Duration.ofSeconds(2));

      assertThat(result.sent()).isEqualTo(100);
      assertThat(result.ok()).isEqualTo(100);
      assertThat(result.errors()).isEmpty();
      assertThat(result.achievedRate()).isBetween(100.0, 205.0);
      assertThat(result.latency().p50()).isPositive().isLessThan(250.0);
      assertThat(result.latency().max()).isGreaterThanOrEqualTo(result.latency().p99());
      assertThat(result.histogram()).isNotEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void closedLoop_keepsRequestsOutstanding_untilTheDurationIsOver(Protocol protocol)
      throws Exception {
    try (LoadClient client = LoadClient.connect(protocol, target(), new LoadClient.Options(4, 1))) {
      LoadResult result =
          ClosedLoopRun.run(client, 4, Duration.ofMillis(500), Duration.ofSeconds(2));

      assertThat(result.model()).isEqualTo(LoadModel.CLOSED);
      assertThat(result.ok()).isEqualTo(result.sent()).isGreaterThan(20);
      assertThat(result.errors()).isEmpty();
      assertThat(result.seconds()).isGreaterThanOrEqualTo(0.5);
    }
  }
}
