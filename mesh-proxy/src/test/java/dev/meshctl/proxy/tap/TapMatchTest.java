package dev.meshctl.proxy.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.meshctl.api.tap.ObserveRequest.Match;
import dev.meshctl.proxy.metrics.Direction;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TapMatchTest {

  private static final String PEER =
      "web.demo.serviceaccount.identity.meshctl-system.cluster.local";

  private static TapRequestHead head(HttpMethod method, String uri, String host) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    if (host != null) {
      request.headers().set("host", host);
    }
    return TapRequestHead.of(
        Direction.OUTBOUND,
        request,
        new InetSocketAddress("127.0.0.1", 40000),
        Optional.empty(),
        System.nanoTime());
  }

  private static Match method(String m) {
    return Match.newBuilder().setMethod(m).build();
  }

  private static Match path(String prefix) {
    return Match.newBuilder().setPathPrefix(prefix).build();
  }

  private static Match authority(String a) {
    return Match.newBuilder().setAuthority(a).build();
  }

  @Test
  void unsetMatch_matchesEverything() {
    assertThat(TapMatch.of(Match.getDefaultInstance()).matches(head(HttpMethod.GET, "/", null), ""))
        .isTrue();
  }

  @Test
  void authority_matchesAsSent_orWithTheDefaultPort_inAnyCase() {
    TapRequestHead absolute = head(HttpMethod.GET, "http://Books.Test/x", null);
    TapRequestHead hostHeader = head(HttpMethod.GET, "/x", "books.test:8080");

    assertThat(TapMatch.of(authority("books.test:80")).matches(absolute, "")).isTrue();
    assertThat(TapMatch.of(authority("books.test")).matches(absolute, "")).isTrue();
    assertThat(TapMatch.of(authority("books.test:8080")).matches(hostHeader, "")).isTrue();
    assertThat(TapMatch.of(authority("books.test:8080")).matches(absolute, "")).isFalse();
  }

  @Test
  void pathPrefix_isCaseSensitive_andSeesTheQuery() {
    TapRequestHead request = head(HttpMethod.GET, "/api/books?id=1", "b:80");

    assertThat(TapMatch.of(path("/api/")).matches(request, "")).isTrue();
    assertThat(TapMatch.of(path("/api/books?id")).matches(request, "")).isTrue();
    assertThat(TapMatch.of(path("/API/")).matches(request, "")).isFalse();
  }

  @Test
  void identity_isThePeers() {
    TapRequestHead request = head(HttpMethod.GET, "/", "b:80");
    Match match = Match.newBuilder().setIdentity(PEER.toUpperCase()).build();

    assertThat(TapMatch.of(match).matches(request, PEER)).isTrue();
    assertThat(TapMatch.of(match).matches(request, "")).isFalse();
  }

  @Test
  void allAnyNot_combine() {
    TapRequestHead post = head(HttpMethod.POST, "/api/x", "b:80");
    TapRequestHead get = head(HttpMethod.GET, "/api/x", "b:80");
    Match postUnderApi =
        Match.newBuilder()
            .setAll(Match.Seq.newBuilder().addMatches(method("POST")).addMatches(path("/api")))
            .build();
    Match getOrPut =
        Match.newBuilder()
            .setAny(Match.Seq.newBuilder().addMatches(method("GET")).addMatches(method("PUT")))
            .build();
    Match notGet = Match.newBuilder().setNot(method("get")).build();

    assertThat(TapMatch.of(postUnderApi).matches(post, "")).isTrue();
    assertThat(TapMatch.of(postUnderApi).matches(get, "")).isFalse();
    assertThat(TapMatch.of(getOrPut).matches(get, "")).isTrue();
    assertThat(TapMatch.of(getOrPut).matches(post, "")).isFalse();
    assertThat(TapMatch.of(notGet).matches(post, "")).isTrue();
    assertThat(TapMatch.of(notGet).matches(get, "")).isFalse();
  }

  @Test
  void emptyValues_andUnsetNestedMatches_areRefusedSayingWhere() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> TapMatch.of(Match.newBuilder().setNot(Match.getDefaultInstance()).build()))
        .withMessageStartingWith("match.not has nothing set");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                TapMatch.of(
                    Match.newBuilder()
                        .setAny(Match.Seq.newBuilder().addMatches(path("/")).addMatches(method("")))
                        .build()))
        .withMessage("match.any[1].method is empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TapMatch.of(authority("")))
        .withMessage("match.authority is empty");
  }

  @Test
  void head_takesSchemeAuthorityAndPath_fromAnAbsoluteTarget() {
    TapRequestHead request = head(HttpMethod.GET, "https://books.test:8443", "ignored:1");

    assertThat(request.scheme()).isEqualTo("https");
    assertThat(request.authority()).isEqualTo("books.test:8443");
    assertThat(request.path()).isEqualTo("/");
    assertThat(request.sourceAddress()).isEqualTo("127.0.0.1:40000");
  }
}
