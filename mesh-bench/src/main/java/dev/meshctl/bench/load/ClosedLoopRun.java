package dev.meshctl.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A closed-model run for maximum throughput: {@code concurrency} requests always outstanding, each
 * answer immediately followed by the next request, until the duration is over. Latency counts from
 * each request's actual send (service time under saturation).
 */
public final class ClosedLoopRun {

  private final LoadClient client;
  private final int concurrency;
  private final long durationNanos;
  private final long drainNanos;
  private final CompletableFuture<LoadResult> result = new CompletableFuture<>();
  private long deadline;
  private RunRecorder recorder;

  private ClosedLoopRun(LoadClient client, int concurrency, Duration duration, Duration drain) {
    this.client = client;
    this.concurrency = concurrency;
    this.durationNanos = duration.toNanos();
    this.drainNanos = drain.toNanos();
  }

  /** Keeps {@code concurrency} requests outstanding for {@code duration}. */
  public static LoadResult run(
      LoadClient client, int concurrency, Duration duration, Duration drain)
      throws InterruptedException {
    try {
      return start(client, concurrency, duration, drain).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("closed-model run failed", e.getCause());
    }
  }

  /** Starts the same run without waiting for it, so that several clients can run at once. */
  public static CompletableFuture<LoadResult> start(
      LoadClient client, int concurrency, Duration duration, Duration drain) {
    if (concurrency <= 0) {
      throw new IllegalArgumentException("concurrency must be positive: " + concurrency);
    }
    ClosedLoopRun run = new ClosedLoopRun(client, concurrency, duration, drain);
    client.loop().execute(run::start);
    return run.result;
  }

  private void start() {
    try {
      long start = System.nanoTime();
      recorder = new RunRecorder(start);
      deadline = start + durationNanos;
      client.loop().schedule(this::complete, durationNanos + drainNanos, TimeUnit.NANOSECONDS);
      for (int i = 0; i < concurrency; i++) {
        send();
      }
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  private void send() {
    long sentAt = System.nanoTime();
    recorder.sent(0);
    client.send(
        (error, detail) -> {
          recorder.answered(sentAt, error, detail);
          if (recorder.finished()) {
            return;
          }
          if (System.nanoTime() < deadline) {
            if (error == null) {
              send();
            } else {
              client.loop().execute(this::send); // a failure can be immediate: no deep recursion
            }
          } else if (recorder.allAnswered()) {
            complete();
          }
        });
  }

  private void complete() {
    if (!recorder.finished()) {
      result.complete(recorder.finish(LoadModel.CLOSED, 0, concurrency, durationNanos));
    }
  }
}
