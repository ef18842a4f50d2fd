package dev.meshctl.proxy.metrics;

/**
 * What the tap server records: the taps open now ({@code tap_streams_open}) and the events no tap
 * got ({@code tap_events_dropped_total}). Safe to call from any thread.
 */
public interface TapMetrics {

  /** A tap stream was opened. */
  void streamOpened();

  /** A tap stream ended (its limit reached, cancelled by the client, or the proxy closing). */
  void streamClosed();

  /**
   * Events a tap did not get: a request over its rate limit (one per request), or an event that did
   * not fit its buffer because its client reads too slowly (one per event).
   */
  void eventsDropped(long count);

  /** Records nothing. */
  TapMetrics NONE =
      new TapMetrics() {
        @Override
        public void streamOpened() {}

        @Override
        public void streamClosed() {}

        @Override
        public void eventsDropped(long count) {}
      };
}
