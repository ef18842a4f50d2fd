package dev.meshctl.controller.metrics;

import dev.meshctl.api.MeshPorts;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.PodRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code /metrics} of every meshed pod's proxy each interval, in parallel and off the request
 * threads (one scheduler thread, the HTTP client's own threads), into the {@link ScrapeStore}. The
 * admin address is the pod's IP and its {@code meshctl.dev/proxy-admin-port} annotation (4191
 * without one). A proxy that does not answer in time, or answers something that is not the text
 * format, is skipped for that round; its state is logged once when it changes, not every round.
 *
 * <p>It runs on demand: {@link #touch()} (every API call) starts it, and it stops, forgetting its
 * samples, after {@code idleStop} without a call. With {@code idleStop} zero it runs from {@link
 * #touch()} on and never stops.
 */
final class ProxyScraper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProxyScraper.class);

  private final DiscoveryModel model;
  private final ScrapeStore store;
  private final ExpositionParser parser = new ExpositionParser();
  private final Duration interval;
  private final Duration timeout;
  private final Duration idleStop;
  private final Clock clock;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;

  /** Per pod ({@code ns/name}): the last failure, or "" after a success. */
  private final Map<String, String> states = new ConcurrentHashMap<>();

  private ScheduledFuture<?> task;
  private Instant lastCall = Instant.MIN;
  private volatile int lastTargets = -1;
  private volatile int lastFailures;

  ProxyScraper(
      DiscoveryModel model,
      ScrapeStore store,
      Duration interval,
      Duration timeout,
      Duration idleStop,
      Clock clock) {
    this.model = model;
    this.store = store;
    this.interval = interval;
    this.timeout = timeout;
    this.idleStop = idleStop;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "metrics-scraper");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Someone asks for metrics: start scraping if stopped, and keep it going. */
  synchronized void touch() {
    lastCall = clock.instant();
    if (task == null) {
      log.info(
          "Metrics: scraping the meshed pods' proxies every {}{}",
          Durations.format(interval),
          idleStop.isZero() ? "" : ", until " + Durations.format(idleStop) + " without a call");
      lastTargets = -1;
      task =
          scheduler.scheduleWithFixedDelay(
              this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** How many proxies the last round tried to scrape; -1 before the first round ends. */
  int lastTargets() {
    return lastTargets;
  }

  /** Whether it scrapes now (between a call and the idle stop). */
  synchronized boolean running() {
    return task != null;
  }

  /** How many proxies of the last round could not be scraped. */
  int lastFailures() {
    return lastFailures;
  }

  private void round() {
    try {
      synchronized (this) {
        if (!idleStop.isZero() && clock.instant().isAfter(lastCall.plus(idleStop))) {
          log.info(
              "Metrics: no call for {}, scraping stopped until the next one",
              Durations.format(idleStop));
          task.cancel(false);
          task = null;
          store.clear();
          states.clear();
          return;
        }
      }
      scrapeOnce();
    } catch (RuntimeException e) {
      // A round must never end the schedule; the next one starts afresh.
      log.warn("Metrics: scrape round failed: {}", e.toString());
    }
  }

  /** One round: every meshed pod with an IP, in parallel, each bounded by the timeout. */
  void scrapeOnce() {
    List<PodRecord> targets =
        model.pods().stream().filter(p -> p.meshed() && p.ip().isPresent()).toList();
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (PodRecord pod : targets) {
      calls.add(scrape(pod));
    }
    try {
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Each call reports its own failure; the round is done either way.
    }
    states.keySet().removeIf(key -> targets.stream().noneMatch(p -> key(p).equals(key)));
    store.prune(clock.instant());
    lastFailures =
        (int) targets.stream().filter(p -> !"".equals(states.getOrDefault(key(p), "?"))).count();
    lastTargets = targets.size();
  }

  private CompletableFuture<Void> scrape(PodRecord pod) {
    String ip = pod.ip().orElseThrow();
    int port = pod.proxyAdminPort().orElse(MeshPorts.PROXY_ADMIN);
    URI uri =
        URI.create("http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port + "/metrics");
    PodRef ref = new PodRef(pod.key().namespace(), pod.key().name(), pod.workload());
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              String failure;
              if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                failure =
                    cause.getMessage() == null
                        ? cause.getClass().getSimpleName()
                        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
              } else if (response.statusCode() != 200) {
                failure = "HTTP " + response.statusCode();
              } else {
                try {
                  store.record(ref, ProxySample.of(clock.instant(), parser.parse(response.body())));
                  failure = "";
                } catch (ExpositionFormatException e) {
                  failure = "not the Prometheus text format: " + e.getMessage();
                }
              }
              report(pod, uri, failure);
              return null;
            });
  }

  private void report(PodRecord pod, URI uri, String failure) {
    String previous = states.put(key(pod), failure);
    if (failure.isEmpty()) {
      if (previous != null && !previous.isEmpty()) {
        log.info("Metrics: the proxy of pod {} answers again at {}", pod.key(), uri);
      }
    } else if (previous == null || previous.isEmpty()) {
      log.warn(
          "Metrics: cannot scrape the proxy of pod {} at {} ({}); skipped until it answers",
          pod.key(),
          uri,
          failure);
    }
  }

  private static String key(PodRecord pod) {
    return pod.key().namespace() + "/" + pod.key().name();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
