package dev.meshctl.demo.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FailureScheduleTest {

  @Test
  void aFifth_failsEveryFifthCall() {
    FailureSchedule schedule = FailureSchedule.evenlySpread(0.2);

    List<Integer> failing = new ArrayList<>();
    for (int call = 1; call <= 20; call++) {
      if (schedule.nextFails()) {
        failing.add(call);
      }
    }

    assertThat(failing).containsExactly(5, 10, 15, 20);
  }

  @Test
  void anyShare_isKeptExactly_overALongRun() {
    for (double share : new double[] {0.01, 0.3, 1 / 3.0, 0.75}) {
      FailureSchedule schedule = FailureSchedule.evenlySpread(share);
      int failures = 0;
      for (int call = 0; call < 100_000; call++) {
        failures += schedule.nextFails() ? 1 : 0;
      }
      assertThat(failures)
          .as("failures at %s", share)
          .isCloseTo((int) (share * 100_000), within(1));
    }
  }

  @Test
  void zeroNeverFails_andOneAlwaysFails() {
    FailureSchedule never = FailureSchedule.evenlySpread(0);
    FailureSchedule always = FailureSchedule.evenlySpread(1);
    for (int call = 0; call < 1000; call++) {
      assertThat(never.nextFails()).isFalse();
      assertThat(always.nextFails()).isTrue();
    }
  }

  @Test
  void callsFromManyThreads_keepTheShare() throws Exception {
    FailureSchedule schedule = FailureSchedule.evenlySpread(0.2);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> counts = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      counts.add(
          pool.submit(
              () -> {
                int failures = 0;
                for (int call = 0; call < 10_000; call++) {
                  failures += schedule.nextFails() ? 1 : 0;
                }
                return failures;
              }));
    }
    int failures = 0;
    for (Future<Integer> count : counts) {
      failures += count.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(failures).isEqualTo(8_000);
  }

  @Test
  void aShareOutside0To1_isRefused() {
    assertThatThrownBy(() -> FailureSchedule.evenlySpread(1.5))
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> FailureSchedule.evenlySpread(Double.NaN))
        .hasMessageContaining("between 0 and 1");
  }

  private static org.assertj.core.data.Offset<Integer> within(int offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }
}
