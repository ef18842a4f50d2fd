package dev.meshctl.proxy.discovery.remote;

import io.grpc.Status;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What the Destination API client records about its streams to the controller: the streams that are
 * answering, each message received, and each stream that ended with an error. Called by {@link
 * ReconnectingStream} on the client's one thread; the Prometheus backend sits behind it.
 */
public interface DestinationClientMetrics {

  /** Which of the two calls a stream is. */
  enum Kind {
    /** {@code Get}: an authority's endpoints. */
    GET("get"),
    /** {@code GetProfile}: an authority's service profile. */
    PROFILE("profile");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The value of the {@code kind} label. */
    public String label() {
      return label;
    }
  }

  /** A call had its first message: the stream is open and answering. */
  void streamOpened(Kind kind);

  /** A call that had answered ended, failed or was cancelled. */
  void streamClosed(Kind kind);

  /** A message arrived (the first of a call included). */
  void updateReceived(Kind kind);

  /** A call ended with a status other than OK (it is started again after a backoff). */
  void streamFailed(Kind kind, Status.Code code);

  /** Registers the destination client's metrics in {@code registry} (once per registry). */
  static DestinationClientMetrics prometheus(PrometheusRegistry registry) {
    return new PrometheusDestinationClientMetrics(registry, System::currentTimeMillis);
  }

  /** Records nothing. */
  static DestinationClientMetrics none() {
    return new DestinationClientMetrics() {
      @Override
      public void streamOpened(Kind kind) {}

      @Override
      public void streamClosed(Kind kind) {}

      @Override
      public void updateReceived(Kind kind) {}

      @Override
      public void streamFailed(Kind kind, Status.Code code) {}
    };
  }
}
