package dev.meshctl.demo.traffic;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The traffic workload: HTTP/1.1 GETs at a steady rate, started on a schedule rather than after the
 * previous answer, so that a slow or failing target does not lower the rate. Every outcome is
 * counted in {@link Outcomes} (an error is just another outcome: it never stops the traffic) and
 * reported once per interval by a {@link TrafficReporter}. Requests in flight are capped, so that a
 * target that hangs costs bounded memory; a request over the cap is counted as skipped.
 */
public final class TrafficGenerator implements AutoCloseable {

  private final HttpClient client;
  private final TrafficSettings settings;
  private final RequestMix mix;
  private final Outcomes outcomes;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService completions;
  private final AtomicInteger inFlight = new AtomicInteger();

  TrafficGenerator(
      HttpClient client,
      TrafficSettings settings,
      RequestMix mix,
      Outcomes outcomes,
      ScheduledExecutorService scheduler,
      ExecutorService completions) {
    this.client = client;
    this.settings = settings;
    this.mix = mix;
    this.outcomes = outcomes;
    this.scheduler = scheduler;
    this.completions = completions;
  }

  /** Starts sending and reporting to {@code out}; {@link #close()} stops both. */
  public static TrafficGenerator start(
      TrafficSettings settings, RequestMix mix, Outcomes outcomes, PrintWriter out) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(daemonThreads("traffic"));
    ExecutorService completions =
        Executors.newFixedThreadPool(2, daemonThreads("traffic-completions"));
    TrafficGenerator generator =
        new TrafficGenerator(
            TrafficClients.forSettings(settings, completions),
            settings,
            mix,
            outcomes,
            scheduler,
            completions);
    long periodNanos = Math.max(1, Math.round(1_000_000_000 / settings.requestsPerSecond()));
    scheduler.scheduleAtFixedRate(generator::sendOne, 0, periodNanos, TimeUnit.NANOSECONDS);
    long reportMillis = settings.reportInterval().toMillis();
    scheduler.scheduleAtFixedRate(
        new TrafficReporter(outcomes, settings.reportInterval(), out),
        reportMillis,
        reportMillis,
        TimeUnit.MILLISECONDS);
    return generator;
  }

  private void sendOne() {
    if (inFlight.incrementAndGet() > settings.maxInFlight()) {
      inFlight.decrementAndGet();
      outcomes.record(Outcomes.SKIPPED);
      return;
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(settings.target() + mix.nextPath()))
              .timeout(settings.requestTimeout())
              .GET()
              .build();
      client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, error) -> {
                inFlight.decrementAndGet();
                if (error == null) {
                  outcomes.recordStatus(response.statusCode());
                } else {
                  outcomes.record(outcomeOf(error));
                }
              });
    } catch (RuntimeException e) {
      // A task that throws is never run again by the scheduler: count it and go on.
      inFlight.decrementAndGet();
      outcomes.record(Outcomes.IO_ERROR);
    }
  }

  /** The outcome of a request that got no answer; the error may be wrapped in a completion. */
  static String outcomeOf(Throwable error) {
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        return Outcomes.CONNECT_ERROR;
      }
      if (c instanceof HttpTimeoutException) {
        return Outcomes.TIMEOUT;
      }
    }
    return Outcomes.IO_ERROR;
  }

  /** Stops sending and reporting; answers still on their way are not waited for. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    completions.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
      completions.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
