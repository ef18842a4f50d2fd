package dev.meshctl.bench.load;

/** Called once, on the client's event loop, when a request has its answer or has failed. */
@FunctionalInterface
public interface Outcome {

  /**
   * @param error why the request failed, or {@code null} when it succeeded
   * @param detail what exactly failed ({@code status 502}, {@code stream reset: REFUSED_STREAM}),
   *     or {@code null} when it succeeded
   */
  void done(RequestError error, String detail);

  default void succeeded() {
    done(null, null);
  }
}
