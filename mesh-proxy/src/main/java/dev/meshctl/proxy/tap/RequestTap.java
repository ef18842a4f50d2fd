package dev.meshctl.proxy.tap;

/**
 * What an exchange tells the taps about its request once it was tapped: the response's start, its
 * body's bytes, its end. All calls come from the exchange's event loop; each offers at most an
 * event to each tap's buffer and returns at once. {@link #NONE} (no tap wanted the request) does
 * nothing, so the exchange calls these unconditionally.
 */
public interface RequestTap {

  /** The response's headers went to the client ({@code response_init}). */
  void responseStarted(int status);

  /** Body bytes of the response went to the client. */
  void responseBytes(long bytes);

  /**
   * The response ended ({@code response_end}).
   *
   * @param grpcStatus the {@code grpc-status} of the trailers (or of a trailers-only response), or
   *     null when there was none
   */
  void responseEnded(String grpcStatus);

  /**
   * The exchange failed before its response ended: the stream was reset, or a connection closed
   * ({@code response_end} with the reason). Ignored once the response ended.
   */
  void failed(String reason);

  /** A request no tap observes. */
  RequestTap NONE =
      new RequestTap() {
        @Override
        public void responseStarted(int status) {}

        @Override
        public void responseBytes(long bytes) {}

        @Override
        public void responseEnded(String grpcStatus) {}

        @Override
        public void failed(String reason) {}
      };
}
