package dev.meshctl.proxy.http;

import dev.meshctl.proxy.profile.RetryBudget;
import dev.meshctl.proxy.profile.RetryRule;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayDeque;

/**
 * The retry side of one exchange on a retryable route: keeps a copy of the request (head and body,
 * the body up to {@value #MAX_BUFFERED_BYTES} bytes) so that it can be sent again, and decides
 * whether a failed attempt may be retried. The body streams to the first endpoint as it arrives;
 * this only holds extra references to the same buffers, released when the exchange ends. A body
 * larger than the limit drops the copy: that request is not retried.
 *
 * <p>Every original request of a retryable route deposits into the destination's {@link
 * RetryBudget}; each retry withdraws from it, so retries stay within the budget's ratio of the
 * original requests plus its floor, and a failing destination does not get a retry storm.
 */
final class RequestRetry {

  /** The largest request body kept for a retry (Linkerd's limit). */
  static final int MAX_BUFFERED_BYTES = 64 * 1024;

  private final RetryBudget budget;
  private final RetryRule rule;
  private final ArrayDeque<HttpContent> body = new ArrayDeque<>(2);
  private HttpRequest head;
  private long bytes;
  private boolean overflowed;
  private int retries;

  private RequestRetry(RetryBudget budget, RetryRule rule) {
    this.budget = budget;
    this.rule = rule;
  }

  /**
   * The retry side of a request, or null when the request is never retried: the route is not
   * retryable, or its method is not covered (by default only idempotent methods are; a gRPC call, a
   * POST, is when the route lists gRPC statuses to retry on).
   */
  static RequestRetry of(RoutePolicy policy, HttpRequest request, boolean grpc) {
    if (policy.retryBudget().isEmpty()) {
      return null;
    }
    RetryBudget budget = policy.retryBudget().get();
    budget.deposit();
    RetryRule rule = policy.retryRule();
    boolean covered =
        rule.coversMethod(request.method().name()) || (grpc && !rule.grpcStatuses().isEmpty());
    return covered ? new RequestRetry(budget, rule) : null;
  }

  /**
   * Keeps the head each attempt copies; takes ownership of it. A head that carries the whole body
   * (an HTTP/2 request without DATA frames) counts towards the limit.
   */
  void keepHead(HttpRequest request) {
    head = request;
    if (request instanceof FullHttpRequest full) {
      count(full.content().readableBytes());
    }
  }

  /** Keeps a reference to one piece of the body; the caller still sends (and so releases) it. */
  void keep(HttpContent content) {
    if (overflowed) {
      return;
    }
    count(content.content().readableBytes());
    if (!overflowed) {
      body.add(content.retainedDuplicate());
    }
  }

  private void count(int n) {
    bytes += n;
    if (bytes > MAX_BUFFERED_BYTES) {
      overflowed = true;
      releaseBody();
    }
  }

  /** The body bytes kept, when the whole body was kept. */
  long bodyBytes() {
    return bytes;
  }

  /** How many retries this request made. */
  int retries() {
    return retries;
  }

  /** Whether a gRPC call that ended with this status may be retried. */
  boolean retriesGrpcStatus(int code) {
    return rule.retriesGrpcStatus(code);
  }

  /**
   * Whether a failed attempt may be retried, spending one retry from the budget when it may: only a
   * request the client has sent whole and whose body was kept whole can be sent again.
   */
  boolean tryRetry(boolean requestComplete) {
    if (overflowed || !requestComplete || head == null || !budget.tryWithdraw()) {
      return false;
    }
    retries++;
    return true;
  }

  /**
   * A fresh copy of the request's head for the next attempt. {@code Expect: 100-continue} is
   * dropped from retries: the body is already here.
   */
  HttpRequest copyHead() {
    HttpRequest copy;
    if (head instanceof FullHttpRequest full) {
      copy = full.replace(full.content().retainedDuplicate());
    } else {
      copy =
          new DefaultHttpRequest(
              head.protocolVersion(), head.method(), head.uri(), head.headers().copy());
    }
    if (retries > 0) {
      copy.headers().remove(HttpHeaderNames.EXPECT);
    }
    return copy;
  }

  /** Writes the kept body again, for a retry; the channel is flushed by the caller. */
  void writeBody(Channel upstream) {
    for (HttpContent content : body) {
      upstream.write(content.retainedDuplicate(), upstream.voidPromise());
    }
  }

  /** Releases the head and body kept; the exchange has ended. */
  void release() {
    if (head != null) {
      io.netty.util.ReferenceCountUtil.release(head);
      head = null;
    }
    releaseBody();
  }

  private void releaseBody() {
    for (HttpContent content; (content = body.poll()) != null; ) {
      content.release();
    }
  }
}
