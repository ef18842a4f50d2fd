package dev.meshctl.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.metrics.RouteMetrics;
import dev.meshctl.proxy.profile.RequestMatch;
import dev.meshctl.proxy.profile.RetryBudget;
import dev.meshctl.proxy.profile.RetryBudgetSpec;
import dev.meshctl.proxy.profile.RetryRule;
import dev.meshctl.proxy.profile.RouteSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestRetryTest {

  private long now;

  private RoutePolicy policy(boolean retryable, RetryRule rule, RetryBudgetSpec budget) {
    RouteSpec spec =
        new RouteSpec("r", RequestMatch.always(), retryable, Optional.empty(), List.of(), rule);
    return new RoutePolicy(
        spec, Optional.of(RetryBudget.create(budget, () -> now)), RouteMetrics.NONE);
  }

  private static RetryBudgetSpec budget(int minRetriesPerSecond) {
    return new RetryBudgetSpec(0.2, minRetriesPerSecond, Duration.ofSeconds(10));
  }

  private static HttpRequest request(HttpMethod method) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/books");
    request.headers().set(HttpHeaderNames.EXPECT, "100-continue");
    return request;
  }

  private static HttpContent piece(int bytes, boolean last) {
    ByteBuf buf = Unpooled.buffer(bytes).writeZero(bytes);
    return last ? new DefaultLastHttpContent(buf) : new DefaultHttpContent(buf);
  }

  @Test
  void notRetryableRoute_orUncoveredMethod_hasNoRetrySide() {
    assertThat(
            RequestRetry.of(
                policy(false, RetryRule.DEFAULT, budget(10)), request(HttpMethod.GET), false))
        .isNull();
    assertThat(
            RequestRetry.of(
                policy(true, RetryRule.DEFAULT, budget(10)), request(HttpMethod.POST), false))
        .isNull();
    assertThat(
            RequestRetry.of(
                policy(true, new RetryRule(false, Set.of(14)), budget(10)),
                request(HttpMethod.POST),
                true))
        .as("a gRPC call on a route listing statuses")
        .isNotNull();
  }

  @Test
  void keptBody_isWrittenAgainWhole_andReleasedAtTheEnd() {
    RequestRetry retry =
        RequestRetry.of(
            policy(true, RetryRule.DEFAULT, budget(10)), request(HttpMethod.PUT), false);
    retry.keepHead(request(HttpMethod.PUT));
    HttpContent first = piece(1000, false);
    HttpContent last = piece(24, true);
    retry.keep(first);
    retry.keep(last);
    first.release(); // the first attempt's write consumed the originals
    last.release();

    assertThat(retry.tryRetry(true)).isTrue();
    EmbeddedChannel upstream = new EmbeddedChannel();
    HttpRequest again = retry.copyHead();
    retry.writeBody(upstream);
    upstream.flush();

    assertThat(again.headers().contains(HttpHeaderNames.EXPECT)).isFalse();
    HttpContent a = upstream.readOutbound();
    HttpContent b = upstream.readOutbound();
    assertThat(a.content().readableBytes()).isEqualTo(1000);
    assertThat(b.content().readableBytes()).isEqualTo(24);
    assertThat(retry.bodyBytes()).isEqualTo(1024);
    a.release();
    b.release();
    retry.release();
    assertThat(first.refCnt()).isZero();
    assertThat(last.refCnt()).isZero();
    upstream.finishAndReleaseAll();
  }

  @Test
  void bodyOverTheLimit_isDropped_andTheRequestIsNotRetried() {
    RequestRetry retry =
        RequestRetry.of(
            policy(true, RetryRule.DEFAULT, budget(10)), request(HttpMethod.PUT), false);
    retry.keepHead(request(HttpMethod.PUT));
    HttpContent big = piece(RequestRetry.MAX_BUFFERED_BYTES, false);
    HttpContent over = piece(1, true);
    retry.keep(big);
    retry.keep(over);
    big.release();
    over.release();

    assertThat(big.refCnt()).as("the kept copy was let go at once").isZero();
    assertThat(retry.tryRetry(true)).isFalse();
    retry.release();
  }

  @Test
  void requestNotYetComplete_isNotRetried() {
    RequestRetry retry =
        RequestRetry.of(
            policy(true, RetryRule.DEFAULT, budget(10)), request(HttpMethod.GET), false);
    retry.keepHead(request(HttpMethod.GET));

    assertThat(retry.tryRetry(false)).isFalse();
    assertThat(retry.tryRetry(true)).isTrue();
    retry.release();
  }

  @Test
  void retries_stopWhenTheBudgetIsSpent() {
    // No floor, ratio 0.2: five requests earn one retry.
    RoutePolicy policy = policy(true, RetryRule.DEFAULT, budget(0));
    int allowed = 0;
    for (int i = 0; i < 10; i++) {
      RequestRetry retry = RequestRetry.of(policy, request(HttpMethod.GET), false);
      retry.keepHead(request(HttpMethod.GET));
      while (retry.tryRetry(true)) {
        allowed++;
      }
      retry.release();
    }

    assertThat(allowed).isEqualTo(2);
  }
}
