package dev.meshctl.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An open-model run (wrk2's way): request {@code i} is due at {@code start + i / rate} whatever
 * happened to the ones before it, and its latency counts from that intended time, not from when it
 * actually left. A stall of the system under test (or of a connection, while requests wait in line
 * for it) therefore shows as latency for every request it held up, instead of silently lowering the
 * rate (coordinated omission). The schedule runs on the client's event loop, which busy-polls for
 * the duration of the run so that neither sends nor answers wait for a sleeping thread to wake.
 */
public final class OpenLoopRun implements Runnable {

  private final LoadClient client;
  private final int rate;
  private final long durationNanos;
  private final long drainNanos;
  private final long total;
  private final double intervalNanos;
  private final CompletableFuture<LoadResult> result = new CompletableFuture<>();
  private long startNanos;
  private long next;
  private RunRecorder recorder;

  private OpenLoopRun(LoadClient client, int rate, Duration duration, Duration drain) {
    this.client = client;
    this.rate = rate;
    this.durationNanos = duration.toNanos();
    this.drainNanos = drain.toNanos();
    this.total = Math.max(1, Math.round(rate * (duration.toNanos() / 1e9)));
    this.intervalNanos = 1e9 / rate;
  }

  /**
   * Offers {@code rate} requests per second for {@code duration}, then waits up to {@code drain}
   * for the last answers; unanswered ones count as timeouts.
   */
  public static LoadResult run(LoadClient client, int rate, Duration duration, Duration drain)
      throws InterruptedException {
    if (rate <= 0) {
      throw new IllegalArgumentException("rate must be positive: " + rate);
    }
    OpenLoopRun run = new OpenLoopRun(client, rate, duration, drain);
    client.loop().execute(run::start);
    try {
      return run.result.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("open-model run failed", e.getCause());
    }
  }

  private void start() {
    client.busyPoll(true);
    startNanos = System.nanoTime();
    recorder = new RunRecorder(startNanos);
    run();
  }

  /** Sends every request that is due, then waits until the next one is. */
  @Override
  public void run() {
    try {
      long now = System.nanoTime();
      while (next < total) {
        long intended = startNanos + (long) (next * intervalNanos);
        if (intended > now) {
          client.loop().schedule(this, intended - now, TimeUnit.NANOSECONDS);
          return;
        }
        next++;
        recorder.sent(now - intended);
        client.send((error, detail) -> answered(intended, error, detail));
        now = System.nanoTime();
      }
      if (recorder.allAnswered()) {
        complete();
      } else {
        client.loop().schedule(this::complete, drainNanos, TimeUnit.NANOSECONDS);
      }
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  private void answered(long intended, RequestError error, String detail) {
    recorder.answered(intended, error, detail);
    if (next == total && recorder.allAnswered() && !recorder.finished()) {
      complete();
    }
  }

  private void complete() {
    client.busyPoll(false);
    if (!recorder.finished()) {
      result.complete(recorder.finish(LoadModel.OPEN, rate, 0, durationNanos));
    }
  }
}
