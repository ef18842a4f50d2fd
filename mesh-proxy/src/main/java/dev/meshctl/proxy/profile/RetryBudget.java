package dev.meshctl.proxy.profile;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Enforces a {@link RetryBudgetSpec} for one destination: the retry layer calls {@link #deposit()}
 * for every original request and {@link #tryWithdraw()} before each retry, and retries only when
 * that says yes.
 *
 * <p>The model is Finagle's and Tower's {@code TpsBudget}, which Linkerd uses: a token bucket whose
 * tokens expire. A deposit adds {@code retryRatio} of a retry; a withdrawal takes one retry; both
 * count for one {@code ttl}, kept as ten slots of {@code ttl / 10}, so an entry expires between 0.9
 * and 1 ttl after it was made. On top of the live entries there is a constant reserve of {@code
 * minRetriesPerSecond × ttl} retries; as withdrawals made against it expire, it refills, which
 * leaves {@code minRetriesPerSecond} retries a second to low traffic. A withdrawal succeeds only
 * when the live balance plus the reserve covers a whole retry, so over a run of {@code T} seconds
 * from the budget's start with {@code R} original requests, at most {@code R × retryRatio +
 * minRetriesPerSecond × ttl × ⌈T / ttl⌉} retries are allowed.
 *
 * <p>Amounts are fixed-point, {@value #UNIT} units a retry (a deposit is {@code retryRatio} of
 * that, to the nearest unit), so that a ratio such as 0.3 is not turned into 1/3 as Tower's integer
 * withdrawal cost does. Thread-safe: both calls take a short lock on this budget, shared only by
 * the requests of one destination.
 */
public final class RetryBudget {

  private static final int SLOTS = 10;

  /** Units of one retry. */
  private static final long UNIT = 1_000_000;

  private final RetryBudgetSpec spec;
  private final LongSupplier nanoClock;
  private final long slotNanos;
  private final long depositUnits;
  private final long reserveUnits;

  // Guarded by this.
  private final long[] slots = new long[SLOTS];
  private int current;
  private long currentStart;
  private long live;

  private RetryBudget(RetryBudgetSpec spec, LongSupplier nanoClock) {
    this.spec = spec;
    this.nanoClock = nanoClock;
    long ttlNanos = spec.ttl().toNanos();
    this.slotNanos = ttlNanos / SLOTS;
    this.depositUnits = Math.round(spec.retryRatio() * UNIT);
    // minRetriesPerSecond × ttl in seconds × UNIT; exact, as ttl need not be whole seconds.
    this.reserveUnits =
        BigInteger.valueOf(spec.minRetriesPerSecond())
            .multiply(BigInteger.valueOf(ttlNanos))
            .multiply(BigInteger.valueOf(UNIT))
            .divide(BigInteger.valueOf(1_000_000_000L))
            .longValueExact();
    this.currentStart = nanoClock.getAsLong();
  }

  /** A budget on the system's monotonic clock. */
  public static RetryBudget create(RetryBudgetSpec spec) {
    return create(spec, System::nanoTime);
  }

  /**
   * A budget on the given clock (tests pass virtual time).
   *
   * @param nanoClock monotonic nanoseconds, as {@link System#nanoTime()}
   */
  public static RetryBudget create(RetryBudgetSpec spec, LongSupplier nanoClock) {
    return new RetryBudget(
        Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(nanoClock, "nanoClock"));
  }

  /** The budget this enforces. */
  public RetryBudgetSpec spec() {
    return spec;
  }

  /** Counts an original request (not a retry) towards the ratio. */
  public synchronized void deposit() {
    expire(nanoClock.getAsLong());
    slots[current] += depositUnits;
    live += depositUnits;
  }

  /** Takes one retry from the budget: true when the retry may be made, false to fail fast. */
  public synchronized boolean tryWithdraw() {
    expire(nanoClock.getAsLong());
    if (live + reserveUnits < UNIT) {
      return false;
    }
    slots[current] -= UNIT;
    live -= UNIT;
    return true;
  }

  /** Moves to the slot of {@code now}, dropping the slots that fell out of the ttl. */
  private void expire(long now) {
    long elapsed = now - currentStart;
    if (elapsed < slotNanos) {
      return; // also a clock that went back: stay in the current slot
    }
    long steps = elapsed / slotNanos;
    currentStart += steps * slotNanos;
    if (steps >= SLOTS) {
      Arrays.fill(slots, 0);
      live = 0;
      return;
    }
    for (long i = 0; i < steps; i++) {
      current = (current + 1) % SLOTS;
      live -= slots[current];
      slots[current] = 0;
    }
  }

  @Override
  public String toString() {
    return "RetryBudget[" + spec + "]";
  }
}
