package dev.meshctl.proxy.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The budget in virtual time: the test moves the clock, nothing sleeps. */
class RetryBudgetTest {

  private static final long MILLI = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  /** Starts away from zero, so that nothing depends on the clock's origin. */
  private long now = 123_456_789_000L;

  private RetryBudget budget(double ratio, int minPerSecond, Duration ttl) {
    return RetryBudget.create(new RetryBudgetSpec(ratio, minPerSecond, ttl), () -> now);
  }

  /** Withdraws until refused (at most {@code limit} times); returns how many succeeded. */
  private static int drain(RetryBudget budget, int limit) {
    int withdrawn = 0;
    while (withdrawn < limit && budget.tryWithdraw()) {
      withdrawn++;
    }
    return withdrawn;
  }

  @Test
  void allRequestsFailing_retriesStayWithinRatioPlusMinimum() {
    // Linkerd's default budget; 100 requests a second for a minute, each failing and retried for
    // as long as the budget allows.
    RetryBudget budget = budget(0.2, 10, Duration.ofSeconds(10));
    long start = now;
    int requests = 0;
    int retries = 0;
    while (now - start < 60 * SECOND) {
      budget.deposit();
      requests++;
      retries += drain(budget, Integer.MAX_VALUE);
      now += 10 * MILLI;
    }

    assertThat(requests).isEqualTo(6000);
    // R × retryRatio + minRetriesPerSecond × max(T, ttl)
    assertThat(retries).isLessThanOrEqualTo(6000 / 5 + 10 * 60);
    // ...and the budget is spent, not merely respected: most of it was retried.
    assertThat(retries).isGreaterThan((6000 / 5 + 10 * 60) * 9 / 10);
  }

  @ParameterizedTest(name = "ratio {0}, min {1}/s, ttl {2}s, {3} requests/s, {4}s")
  @CsvSource({
    "0.2, 10, 10, 100, 60",
    "0.2, 10, 10, 100, 25",
    "0.2, 10, 10, 1, 60",
    "0.2, 10, 10, 0, 30",
    "0.2, 10, 1, 1000, 7",
    "0.2, 10, 60, 50, 200",
    "0.3, 0, 10, 100, 60",
    "1.0, 5, 10, 20, 45",
    "5.0, 1, 3, 7, 20",
    "0.0, 10, 10, 1000, 30",
    "0.0, 0, 10, 1000, 30",
    "1000, 0, 1, 3, 5",
  })
  void anyTraffic_retriesNeverExceedTheBound(
      double ratio, int minPerSecond, int ttlSeconds, int requestsPerSecond, int seconds) {
    RetryBudget budget = budget(ratio, minPerSecond, Duration.ofSeconds(ttlSeconds));
    Random random =
        new Random(
            (long) (ratio * 1000) + minPerSecond * 31L + ttlSeconds * 7L + requestsPerSecond);
    long start = now;
    int requests = 0;
    int retries = 0;
    // Requests arrive at random times, some in bursts; every one fails and retries greedily.
    for (long t = 0; t < seconds * SECOND; t += 10 * MILLI) {
      now = start + t;
      int arriving = random.nextInt(10) == 0 ? requestsPerSecond / 10 * 5 : 0;
      arriving += random.nextInt(requestsPerSecond / 100 * 2 + 1);
      for (int i = 0; i < arriving; i++) {
        budget.deposit();
        requests++;
      }
      retries += drain(budget, Integer.MAX_VALUE);
    }

    // The bound documented on RetryBudget; with T a multiple of ttl it is
    // R × ratio + min × max(T, ttl).
    long windows = (seconds + ttlSeconds - 1) / ttlSeconds;
    double bound = requests * ratio + (double) minPerSecond * ttlSeconds * windows;
    assertThat((double) retries).isLessThanOrEqualTo(bound + 1e-6 * requests);
  }

  @Test
  void lowTraffic_minRetriesPerSecondAreAlwaysAvailable() {
    RetryBudget budget = budget(0.2, 10, Duration.ofSeconds(10));

    // Two requests a second, each failing and retried 3 times: 6 retries a second, under the 10
    // the minimum allows, although 20% of the requests would allow far fewer.
    for (int second = 0; second < 120; second++) {
      for (int request = 0; request < 2; request++) {
        budget.deposit();
        for (int retry = 0; retry < 3; retry++) {
          assertThat(budget.tryWithdraw()).as("second %d", second).isTrue();
        }
        now += 500 * MILLI;
      }
    }
  }

  @Test
  void noTraffic_retriesAtMinRetriesPerSecond_fromARefillingReserve() {
    RetryBudget budget = budget(0.2, 10, Duration.ofSeconds(10));

    // A retry every 100ms (10 a second) never runs dry.
    for (int i = 0; i < 1000; i++) {
      assertThat(budget.tryWithdraw()).isTrue();
      now += 100 * MILLI;
    }

    // Asking for more: the reserve (10/s × 10s) is spent at once, then comes back as each
    // withdrawal expires, so over any 10s there are at most 100.
    RetryBudget greedy = budget(0.2, 10, Duration.ofSeconds(10));
    long start = now;
    int perTtl = 0;
    List<Integer> withdrawnPerTtl = new ArrayList<>();
    for (long t = 0; t < 100 * SECOND; t += 10 * MILLI) {
      now = start + t;
      perTtl += drain(greedy, Integer.MAX_VALUE);
      if ((t + 10 * MILLI) % (10 * SECOND) == 0) {
        withdrawnPerTtl.add(perTtl);
        perTtl = 0;
      }
    }
    assertThat(withdrawnPerTtl).hasSize(10).containsOnly(100);
  }

  @Test
  void deposits_expireAfterTheTtl() {
    RetryBudget budget = budget(1.0, 0, Duration.ofSeconds(10));
    for (int i = 0; i < 50; i++) {
      budget.deposit();
    }

    now += 9 * SECOND;
    assertThat(drain(budget, 20)).isEqualTo(20);

    now += 2 * SECOND;
    assertThat(budget.tryWithdraw()).isFalse();
  }

  @Test
  void withdrawals_alsoExpire_soTheReserveRefills() {
    RetryBudget budget = budget(0.2, 3, Duration.ofSeconds(1));

    assertThat(drain(budget, 100)).isEqualTo(3);
    now += 500 * MILLI;
    assertThat(budget.tryWithdraw()).isFalse();
    now += 500 * MILLI;
    assertThat(drain(budget, 100)).isEqualTo(3);
  }

  @Test
  void longIdle_startsAfresh() {
    RetryBudget budget = budget(1.0, 1, Duration.ofSeconds(10));
    for (int i = 0; i < 100; i++) {
      budget.deposit();
    }

    now += 3600 * SECOND;

    assertThat(drain(budget, 1000)).isEqualTo(10);
  }

  @Test
  void fractionalRatio_isKeptExactly() {
    // Tower's integer withdrawal cost would make 0.3 one retry per 3 requests (33 of 100).
    RetryBudget budget = budget(0.3, 0, Duration.ofSeconds(10));
    for (int i = 0; i < 100; i++) {
      budget.deposit();
    }

    assertThat(drain(budget, 1000)).isEqualTo(30);
  }

  @Test
  void ratioAboveOne_allowsSeveralRetriesPerRequest() {
    RetryBudget budget = budget(3, 0, Duration.ofSeconds(10));
    for (int i = 0; i < 10; i++) {
      budget.deposit();
    }

    assertThat(drain(budget, 1000)).isEqualTo(30);
  }

  @Test
  void zeroRatioAndZeroMinimum_neverRetries() {
    RetryBudget budget = budget(0, 0, Duration.ofSeconds(10));
    for (int i = 0; i < 1000; i++) {
      budget.deposit();
    }

    assertThat(budget.tryWithdraw()).isFalse();
  }

  @Test
  void clockGoingBack_keepsTheCurrentSlot() {
    RetryBudget budget = budget(1.0, 0, Duration.ofSeconds(10));
    budget.deposit();

    now -= 60 * SECOND;

    assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).isFalse();
  }

  @Test
  void concurrentUse_neverOverspends() throws Exception {
    RetryBudget budget = budget(0.2, 10, Duration.ofSeconds(10));
    int threads = 8;
    int requestsPerThread = 10_000;
    AtomicInteger retries = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < requestsPerThread; i++) {
                    budget.deposit();
                    if (budget.tryWithdraw()) {
                      retries.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // Frozen clock: exactly 20% of 80,000 plus the reserve of 100, whatever the interleaving.
    assertThat(retries.get() + drain(budget, Integer.MAX_VALUE)).isEqualTo(16_000 + 100);
  }
}
