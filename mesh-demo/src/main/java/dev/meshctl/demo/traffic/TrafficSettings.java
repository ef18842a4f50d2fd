package dev.meshctl.demo.traffic;

import dev.meshctl.demo.HostPort;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What the traffic generator does, validated once: where to ({@code target}, a base URL such as
 * {@code http://web.demo.svc.cluster.local:8080}), through which proxy, at what rate.
 *
 * @param target base URL, {@code http} only, without a trailing slash or path
 * @param outbound the outbound listener of the workload's proxy, or empty to connect directly
 * @param requestsPerSecond more than 0, at most 1000
 * @param reportInterval how often a line of counts is written
 * @param requestTimeout how long one request may take, connecting included
 * @param maxInFlight requests that may wait for an answer at once
 */
public record TrafficSettings(
    String target,
    Optional<HostPort> outbound,
    double requestsPerSecond,
    Duration reportInterval,
    Duration requestTimeout,
    int maxInFlight) {

  public static final double MAX_RPS = 1000;

  public TrafficSettings {
    if (!(requestsPerSecond > 0 && requestsPerSecond <= MAX_RPS)) {
      throw new IllegalArgumentException(
          "a rate of "
              + requestsPerSecond
              + " requests per second is not above 0 and at most 1000");
    }
    if (reportInterval.toMillis() < 1 || requestTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("intervals and timeouts must be at least 1 ms");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("at least one request must be allowed in flight");
    }
  }

  /**
   * The usual settings for a rate: 5 s per request, and as many in flight as 5 s of traffic (at
   * least 16), so that only a target that hangs has requests skipped.
   */
  public static TrafficSettings of(
      String target,
      Optional<HostPort> outbound,
      double requestsPerSecond,
      Duration reportInterval) {
    return new TrafficSettings(
        target,
        outbound,
        requestsPerSecond,
        reportInterval,
        Duration.ofSeconds(5),
        (int) Math.max(16, Math.ceil(requestsPerSecond * 5)));
  }

  /**
   * The base URL for {@code --target}: an authority ({@code web.demo.svc.cluster.local:8080}) or an
   * {@code http://} URL without a path.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static String baseUrl(String text) {
    String value = text.trim();
    if (!value.contains("://")) {
      return "http://" + HostPort.parse(value);
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a URL: " + e.getReason());
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\": only http:// targets are supported (the web workload speaks HTTP/1.1)");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("\"" + text + "\" has no host");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "\"" + text + "\": give the target without a path; the pages are chosen by the traffic");
    }
    return "http://" + uri.getRawAuthority();
  }
}
