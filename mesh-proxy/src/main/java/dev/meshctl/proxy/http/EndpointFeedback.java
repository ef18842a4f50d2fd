package dev.meshctl.proxy.http;

import java.net.InetSocketAddress;

/**
 * What an exchange tells the balancer of the endpoint it used: one attempt begun, then ended as a
 * success (with the time to the response's headers), a failure (could not connect, 5xx, closed
 * before responding) or cancelled (the client went away, the route timed out).
 */
public interface EndpointFeedback {

  /** For routes whose endpoints are not balanced (inbound, original destination). */
  EndpointFeedback NONE = endpoint -> Attempt.NONE;

  Attempt begin(InetSocketAddress endpoint);

  /** One request to one endpoint; only the first ending counts. */
  interface Attempt {
    Attempt NONE =
        new Attempt() {
          @Override
          public void success(long latencyNanos) {}

          @Override
          public void failure(long latencyNanos) {}

          @Override
          public void cancelled() {}
        };

    void success(long latencyNanos);

    void failure(long latencyNanos);

    void cancelled();
  }
}
