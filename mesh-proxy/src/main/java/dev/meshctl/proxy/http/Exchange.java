package dev.meshctl.proxy.http;

import dev.meshctl.proxy.http.client.ResponseReceiver;
import dev.meshctl.proxy.http.client.UpstreamHandler;
import dev.meshctl.proxy.metrics.Classification;
import dev.meshctl.proxy.metrics.HttpMetrics;
import dev.meshctl.proxy.metrics.RouteMetrics;
import dev.meshctl.proxy.metrics.TargetAddr;
import dev.meshctl.proxy.tap.RequestTap;
import dev.meshctl.proxy.tap.TapRequestHead;
import dev.meshctl.proxy.tcp.TcpRelayHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One request and its response, relayed between the client's channel (an HTTP/1 connection or an
 * HTTP/2 stream) and an upstream channel, both on the same event loop. Bodies stream through in the
 * pieces they arrive in, with backpressure both ways: while one side cannot take more, the other
 * stops reading. Errors before the response started become a proxy error response; after, the
 * client's connection (HTTP/1) or stream (HTTP/2) is aborted, since the status is gone.
 */
final class Exchange implements ResponseReceiver {

  private static final Logger LOG = Logger.getLogger(Exchange.class.getName());

  /** Endpoints tried for one request when connecting fails. */
  private static final int MAX_CONNECT_ATTEMPTS = 3;

  private final ServerExchangeHandler owner;
  private final Channel server;
  private final boolean serverHttp1;
  private final ConnectionContext connection;
  private final HttpForwarding forwarding;

  private HttpRequest head;
  private HttpVersion clientVersion;
  private boolean grpc;
  private boolean headRequest;
  private boolean clientKeepAlive;
  private boolean upgradeRequest;
  private boolean restoreHttp1;
  private String upstreamIdentity;
  private long startNanos;
  private long latencyNanos;

  private Route.Forward route;
  private RouteMetrics routeMetrics = RouteMetrics.NONE;
  private RequestRetry retry;
  private int attempt;
  private int connectFailures;
  private long attemptStartNanos;
  private long attemptLatencyNanos;
  private boolean attemptOpen;
  private String targetLabel = "";
  private HttpMetrics metrics;
  private ArrayDeque<HttpContent> pendingBody;
  private Channel upstream;

  private boolean requestDone;
  private boolean requestSent;
  private boolean responseStarted;
  private boolean responseDone;
  private boolean upstreamKeepAlive = true;
  private boolean skipInterimEnd;
  private boolean grpcFailure;
  private int status;
  private boolean finished;
  private io.netty.util.concurrent.ScheduledFuture<?> timer;
  private EndpointFeedback.Attempt endpointAttempt = EndpointFeedback.Attempt.NONE;
  private TapRequestHead tapHead;
  private RequestTap tap = RequestTap.NONE;
  private InetSocketAddress lastTarget;

  Exchange(ServerExchangeHandler owner, Channel server, boolean serverHttp1, HttpForwarding fwd) {
    this.owner = owner;
    this.server = server;
    this.serverHttp1 = serverHttp1;
    this.connection = ConnectionContext.of(server);
    this.forwarding = fwd;
  }

  // ---- the client's side ----

  void start(HttpRequest request) {
    forwarding.inFlight().started();
    startNanos = System.nanoTime();
    head = request;
    clientVersion = request.protocolVersion();
    HttpHeaders headers = request.headers();
    String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
    grpc = contentType != null && contentType.startsWith("application/grpc");
    headRequest = HttpMethod.HEAD.equals(request.method());
    clientKeepAlive = !serverHttp1 || HttpUtil.isKeepAlive(request);
    upgradeRequest =
        serverHttp1
            && headers.contains(HttpHeaderNames.UPGRADE)
            && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    requestDone = request instanceof LastHttpContent;
    if (forwarding.taps().isOpen()) {
      // Taken before the proxy rewrites the request; offered to the taps once its destination is
      // known.
      tapHead =
          TapRequestHead.of(
              direction(),
              request,
              server.remoteAddress(),
              connection.tls() ? connection.peerIdentity() : Optional.empty(),
              startNanos);
    }
    if (direction() == dev.meshctl.proxy.metrics.Direction.INBOUND) {
      acceptMeshHeaders(headers);
    }

    Route decision = forwarding.router().route(request, connection);
    if (decision instanceof Route.Reject reject) {
      metrics = httpMetrics(reject.authorityLabel(), "");
      metrics.requestStarted();
      respondWithError(reject.error(), reject.detail());
      return;
    }
    route = (Route.Forward) decision;
    routeMetrics = route.policy().metrics();
    routeMetrics.requestStarted();
    retry = RequestRetry.of(route.policy(), request, grpc);
    if (retry != null) {
      // Every attempt sends a copy; this head stays with the retry until the exchange ends.
      HopByHopHeaders.strip(request.headers(), upgradeRequest);
      toOriginForm(request);
      retry.keepHead(request);
      head = null;
    }
    route.policy().timeout().ifPresent(this::startTimer);
    connect();
  }

  void onRequestContent(HttpContent content) {
    if (content instanceof LastHttpContent) {
      requestDone = true;
    }
    if (finished || responseDone) {
      // The response already ended (an error, or an early answer): the rest of the body is moot.
      content.release();
      completeIfDone();
      return;
    }
    if (retry != null) {
      retry.keep(content);
    }
    if (upstream == null) {
      if (pendingBody == null) {
        pendingBody = new ArrayDeque<>(4);
      }
      pendingBody.add(content);
      return;
    }
    upstream.write(content, upstream.voidPromise());
    if (requestDone) {
      requestSent = true;
      upstream.flush();
    } else if (!upstream.isWritable()) {
      server.config().setAutoRead(false);
    }
  }

  /** The client's channel has no more to read for now. */
  void flushUpstream() {
    if (upstream != null) {
      upstream.flush();
    }
  }

  void onServerWritabilityChanged(boolean writable) {
    if (upstream != null && !responseDone) {
      autoRead(upstream, writable);
    }
  }

  /** The client closed its connection or reset its stream. */
  void onServerClosed() {
    if (finished) {
      return;
    }
    tap.failed(
        responseStarted
            ? "the client closed the connection or reset the stream before the response ended"
            : "the client closed the connection or reset the stream before the response");
    finish();
    releasePending();
    releaseHead();
    if (upstream != null) {
      releaseUpstream(false);
    }
    if (responseStarted && !responseDone) {
      recordEnd(status, Classification.FAILURE);
    }
  }

  /**
   * The client ended its side of the connection. A complete request still gets its response, as the
   * connection's last; a request whose body was cut short can never complete, so it is dropped as
   * if the client had closed (the endpoint sees its connection close, not a complete request).
   *
   * @return whether the exchange goes on (false: it ended and the connection must be closed)
   */
  boolean onClientInputEnded() {
    if (requestDone) {
      closeConnectionAfterResponse();
      return true;
    }
    onServerClosed();
    return false;
  }

  /** The proxy is draining: this response is the connection's last. */
  void closeConnectionAfterResponse() {
    clientKeepAlive = false;
  }

  private void startTimer(java.time.Duration timeout) {
    timer =
        server
            .eventLoop()
            .schedule(
                () -> onTimeout(timeout),
                timeout.toNanos(),
                java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** The route's timeout passed: answer 504 unless the response has started, cancel upstream. */
  private void onTimeout(java.time.Duration timeout) {
    timer = null;
    if (finished || responseStarted) {
      return;
    }
    if (upstream != null) {
      releaseUpstream(false); // resets the HTTP/2 stream, or closes the HTTP/1 connection
      endAttempt(504, Classification.FAILURE);
    }
    respondWithError(
        ProxyError.TIMEOUT, route.policy().name() + " (" + timeout.toMillis() + " ms)");
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  // ---- connecting ----

  private void connect() {
    InetSocketAddress target = route.candidates().get(attempt % route.candidates().size());
    lastTarget = target;
    server.config().setAutoRead(false); // hold the body until there is somewhere to send it
    // A meshed endpoint is reached over mTLS and HTTP/2, whatever the client spoke (an upgrade,
    // which HTTP/2 cannot carry, goes as it came).
    upstreamIdentity =
        forwarding.clients().meshTls() && !upgradeRequest ? route.identities().get(target) : null;
    boolean http2 = upstreamIdentity != null || (!serverHttp1 && !restoreHttp1);
    Future<Channel> acquired =
        forwarding.clients().acquire(server.eventLoop(), target, http2, upstreamIdentity);
    if (acquired.isDone()) {
      onAcquired(acquired, target);
    } else {
      acquired.addListener(f -> onAcquired(acquired, target));
    }
  }

  private void onAcquired(Future<Channel> acquired, InetSocketAddress target) {
    if (finished) {
      releaseHead();
      if (acquired.isSuccess()) {
        forwarding
            .clients()
            .release(acquired.getNow(), !(acquired.getNow() instanceof Http2StreamChannel));
      }
      return;
    }
    if (!acquired.isSuccess()) {
      route.feedback().begin(target).failure(0);
      attempt++;
      connectFailures++;
      if (connectFailures < route.candidates().size() && connectFailures < MAX_CONNECT_ATTEMPTS) {
        connect();
        return;
      }
      targetLabel = TargetAddr.of(target);
      metrics = httpMetrics(route.authorityLabel(), targetLabel);
      metrics.requestStarted();
      respondWithError(ProxyError.CONNECT_FAILED, targetLabel + ": " + describe(acquired.cause()));
      return;
    }
    upstream = acquired.getNow();
    upstream.pipeline().get(UpstreamHandler.class).bind(this);
    endpointAttempt = route.feedback().begin(target);
    targetLabel = TargetAddr.of(target);
    metrics = httpMetrics(route.authorityLabel(), targetLabel);
    metrics.requestStarted();
    routeMetrics.attemptStarted();
    attemptStartNanos = System.nanoTime();
    attemptLatencyNanos = 0;
    attemptOpen = true;
    beginTap(target);

    boolean replay = retry != null && retry.retries() > 0;
    HttpRequest request;
    if (retry != null) {
      request = retry.copyHead();
    } else {
      request = head;
      head = null;
      HopByHopHeaders.strip(request.headers(), upgradeRequest);
      toOriginForm(request);
    }
    Channel up = upstream;
    boolean upstreamHttp1 = !(up instanceof Http2StreamChannel);
    if (upstreamHttp1) {
      request.setProtocolVersion(HttpVersion.HTTP_1_1);
      frameForHttp1Upstream(request, replay ? retry.bodyBytes() : -1);
    } else if (upstreamIdentity != null && serverHttp1) {
      request.headers().set(MeshHeaders.ORIG_PROTO, MeshHeaders.HTTP_1_1);
    }
    // A write that fails at once (e.g. headers over the endpoint's limit) ends the exchange inline
    // through onUpstreamClosed; stop writing as soon as that happened.
    up.write(request, up.voidPromise());
    if (replay) {
      retry.writeBody(up);
    } else if (pendingBody != null) {
      for (HttpContent content; (content = pendingBody.poll()) != null; ) {
        if (upstream != up || finished) {
          content.release();
          continue;
        }
        up.write(content, up.voidPromise());
      }
    }
    if (upstream != up || finished) {
      return;
    }
    up.flush();
    if (upstream != up || finished) {
      return;
    }
    if (requestDone) {
      requestSent = true;
    } else {
      autoRead(server, upstream.isWritable());
    }
  }

  // ---- the upstream's side ----

  @Override
  public void onResponse(HttpObject msg) {
    if (finished || responseDone) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpResponse response) {
      onResponseHead(response);
    } else if (msg instanceof HttpContent content) {
      onResponseContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onResponseHead(HttpResponse response) {
    int code = response.status().code();
    if (code >= 100 && code < 200 && code != 101) {
      relayInterim(response);
      return;
    }
    if (code == 101) {
      if (upgradeRequest && !(upstream instanceof Http2StreamChannel)) {
        switchProtocols(response);
      } else {
        ReferenceCountUtil.release(response);
        abort("the endpoint switched protocols without being asked");
      }
      return;
    }
    status = code;
    long now = System.nanoTime();
    latencyNanos = now - startNanos;
    attemptLatencyNanos = now - attemptStartNanos;
    if (code >= 500) {
      endpointAttempt.failure(attemptLatencyNanos);
    } else {
      endpointAttempt.success(attemptLatencyNanos);
    }
    upstreamKeepAlive = HttpUtil.isKeepAlive(response);
    if (grpc) {
      checkGrpcStatus(response.headers());
    }
    if (retry != null && shouldRetry(response) && retry.tryRetry(requestDone)) {
      // The failed response goes no further; its connection is reused only when it has ended.
      ReferenceCountUtil.release(response);
      metrics.responseEnded(code, Classification.FAILURE, attemptLatencyNanos);
      endAttempt(code, Classification.FAILURE);
      releaseUpstream(response instanceof LastHttpContent && upstreamKeepAlive && requestSent);
      retryAttempt();
      return;
    }
    HopByHopHeaders.strip(response.headers(), false);
    if (serverHttp1) {
      frameForHttp1(response);
    }
    cancelTimer();
    responseStarted = true;
    tap.responseStarted(code);
    if (tap != RequestTap.NONE && response instanceof LastHttpContent last) {
      tap.responseBytes(last.content().readableBytes());
      tap.responseEnded(grpcStatus(response.headers(), last.trailingHeaders()));
    }
    server.write(response, server.voidPromise());
    if (response instanceof LastHttpContent) {
      onResponseEnd();
    }
  }

  private void onResponseContent(HttpContent content) {
    if (skipInterimEnd && content instanceof LastHttpContent) {
      skipInterimEnd = false;
      content.release();
      return;
    }
    if (!responseStarted) {
      content.release();
      return;
    }
    if (tap != RequestTap.NONE) {
      tap.responseBytes(content.content().readableBytes());
    }
    if (content instanceof LastHttpContent last) {
      if (grpc) {
        checkGrpcStatus(last.trailingHeaders());
      }
      if (tap != RequestTap.NONE) {
        tap.responseEnded(grpcStatus(last.trailingHeaders(), null));
      }
      server.write(content, server.voidPromise());
      onResponseEnd();
      return;
    }
    server.write(content, server.voidPromise());
    if (!server.isWritable()) {
      upstream.config().setAutoRead(false);
    }
  }

  @Override
  public void onUpstreamReadComplete() {
    server.flush();
  }

  @Override
  public void onUpstreamWritabilityChanged(boolean writable) {
    if (!requestDone && !finished && server.isActive()) {
      autoRead(server, writable);
    }
  }

  @Override
  public void onUpstreamClosed(Throwable cause) {
    Channel closed = upstream;
    upstream = null;
    if (closed != null) {
      forwarding.clients().release(closed, false);
    }
    if (finished || responseDone) {
      return;
    }
    String why = targetLabel + (cause == null ? "" : ": " + describe(cause));
    endpointAttempt.failure(System.nanoTime() - attemptStartNanos);
    if (!responseStarted && retry != null && retry.tryRetry(requestDone)) {
      LOG.log(
          Level.FINE, "{0} attempt failed, retrying: {1}", new Object[] {direction().label(), why});
      metrics.responseEnded(502, Classification.FAILURE, System.nanoTime() - attemptStartNanos);
      endAttempt(502, Classification.FAILURE);
      retryAttempt();
      return;
    }
    if (!responseStarted) {
      respondWithError(ProxyError.UPSTREAM_CLOSED, why);
    } else {
      abort("the endpoint closed the connection mid-response: " + why);
    }
  }

  private void relayInterim(HttpResponse interim) {
    boolean separateEnd = !(interim instanceof LastHttpContent);
    ReferenceCountUtil.release(interim);
    skipInterimEnd = separateEnd && !(upstream instanceof Http2StreamChannel);
    if (serverHttp1 && clientVersion.equals(HttpVersion.HTTP_1_0)) {
      return; // HTTP/1.0 has no interim responses
    }
    HttpHeaders headers = interim.headers().copy();
    HopByHopHeaders.strip(headers, false);
    server.writeAndFlush(
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            interim.status(),
            Unpooled.EMPTY_BUFFER,
            headers,
            io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE),
        server.voidPromise());
  }

  /**
   * HTTP/1 framing of a response to an HTTP/1 client: a length, chunks, or the connection's end.
   */
  private void frameForHttp1(HttpResponse response) {
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    boolean bodyless = headRequest || status == 204 || status == 304;
    if (!bodyless && !HttpUtil.isContentLengthSet(response)) {
      if (response instanceof FullHttpResponse full && full.trailingHeaders().isEmpty()) {
        HttpUtil.setContentLength(response, full.content().readableBytes());
      } else if (clientVersion.equals(HttpVersion.HTTP_1_1)) {
        HttpUtil.setTransferEncodingChunked(response, true);
      } else {
        clientKeepAlive = false; // an HTTP/1.0 client reads to the end of the connection
      }
    }
    if (!clientKeepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (clientVersion.equals(HttpVersion.HTTP_1_0)) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }

  private void onResponseEnd() {
    responseDone = true;
    server.flush();
    recordEnd(
        status, isFailure(status) || grpcFailure ? Classification.FAILURE : Classification.SUCCESS);
    releaseUpstream(upstreamKeepAlive && requestSent);
    if (!requestDone) {
      autoRead(server, true); // read (and drop) the rest of the request body
    }
    completeIfDone();
  }

  /**
   * Offers the request to the open taps, once, when its destination is known: the endpoint chosen,
   * or none (null) when the proxy answers itself.
   */
  private void beginTap(InetSocketAddress target) {
    if (tapHead != null) {
      tap = forwarding.taps().begin(tapHead, target, upstreamIdentity);
      tapHead = null;
    }
  }

  /** The {@code grpc-status} of a gRPC response's trailers (or headers, trailers-only), or null. */
  private String grpcStatus(HttpHeaders headers, HttpHeaders more) {
    if (!grpc) {
      return null;
    }
    String value = headers.get("grpc-status");
    return value != null || more == null ? value : more.get("grpc-status");
  }

  private void checkGrpcStatus(HttpHeaders headers) {
    String grpcStatus = headers.get("grpc-status");
    if (grpcStatus != null && !grpcStatus.trim().equals("0")) {
      grpcFailure = true;
    }
  }

  /** A 101 from the endpoint: from now on both connections carry opaque bytes (WebSocket...). */
  private void switchProtocols(HttpResponse response) {
    status = 101;
    latencyNanos = System.nanoTime() - startNanos;
    HopByHopHeaders.strip(response.headers(), true);
    responseStarted = true;
    responseDone = true;
    tap.responseStarted(status);
    tap.responseEnded(null);
    recordEnd(status, Classification.SUCCESS);
    server.writeAndFlush(response, server.voidPromise());

    Channel up = upstream;
    upstream = null;
    up.pipeline().get(UpstreamHandler.class).unbind();
    finish();
    owner.switchedProtocols();
    ChannelPipeline serverPipeline = server.pipeline();
    TcpRelayHandler serverRelay = new TcpRelayHandler();
    serverPipeline.addLast("tcp-relay", serverRelay);
    serverPipeline.remove(ServerExchangeHandler.class);
    serverPipeline.remove(io.netty.handler.codec.http.HttpServerCodec.class);
    ChannelPipeline upPipeline = up.pipeline();
    TcpRelayHandler upRelay = new TcpRelayHandler();
    upPipeline.addLast("tcp-relay", upRelay);
    upPipeline.remove(UpstreamHandler.class);
    upPipeline.remove(io.netty.handler.timeout.IdleStateHandler.class);
    upPipeline.remove(io.netty.handler.codec.http.HttpClientCodec.class);
    TcpRelayHandler.join(serverRelay, server, upRelay, up);
  }

  // ---- endings ----

  private void respondWithError(ProxyError error, String detail) {
    if (responseStarted) {
      abort(error.message(detail));
      return;
    }
    LOG.log(
        Level.FINE,
        "{0} request answered by the proxy: {1}",
        new Object[] {direction().label(), error.message(detail)});
    releasePending();
    if (upstream != null) {
      releaseUpstream(false);
    }
    FullHttpResponse response = ErrorResponses.forError(server.alloc(), error, detail, grpc);
    status = response.status().code();
    beginTap(lastTarget);
    if (tap != RequestTap.NONE) {
      tap.responseStarted(status);
      tap.responseBytes(response.content().readableBytes());
      tap.responseEnded(grpcStatus(response.headers(), null));
    }
    latencyNanos = System.nanoTime() - startNanos;
    if (serverHttp1) {
      frameForHttp1(response);
    }
    releaseHead();
    responseStarted = true;
    responseDone = true;
    recordEnd(status, Classification.FAILURE);
    server.writeAndFlush(response, server.voidPromise());
    autoRead(server, true); // any rest of the request body is read and dropped
    completeIfDone();
  }

  /** The response cannot be completed: cut the client's connection or stream. */
  private void abort(String why) {
    LOG.log(Level.FINE, "{0} response aborted: {1}", new Object[] {direction().label(), why});
    if (finished) {
      return;
    }
    tap.failed(why);
    recordEnd(status == 0 ? 502 : status, Classification.FAILURE);
    finish();
    releasePending();
    releaseHead();
    if (upstream != null) {
      releaseUpstream(false);
    }
    server.close();
  }

  private void completeIfDone() {
    if (!finished && requestDone && responseDone) {
      finish();
      owner.exchangeDone(this, clientKeepAlive);
    }
  }

  private void finish() {
    cancelTimer();
    endpointAttempt.cancelled(); // no-op when the attempt already ended
    if (retry != null) {
      retry.release();
    }
    finished = true;
    forwarding.inFlight().ended();
  }

  // ---- retries ----

  /**
   * Whether this response makes the attempt worth retrying: a failure by the route's response
   * classes (by default a 5xx), or a trailers-only gRPC response with a status the route retries.
   */
  private boolean shouldRetry(HttpResponse response) {
    if (isFailure(status)) {
      return true;
    }
    if (grpc && response instanceof LastHttpContent) {
      String grpcStatus = response.headers().get("grpc-status");
      if (grpcStatus != null) {
        try {
          return retry.retriesGrpcStatus(Integer.parseInt(grpcStatus.trim()));
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }

  /** Sends the request again, to the next endpoint in the balancer's order. */
  private void retryAttempt() {
    status = 0;
    upstreamKeepAlive = true;
    skipInterimEnd = false;
    grpcFailure = false;
    requestSent = false;
    endpointAttempt = EndpointFeedback.Attempt.NONE;
    attempt++;
    connect();
  }

  private boolean isFailure(int code) {
    return route != null ? route.policy().isFailure(code) : code >= 500;
  }

  /**
   * Records the end of the response the client got: on the endpoint's series (when one was chosen),
   * the route's, and the attempt's (when one is open).
   */
  private void recordEnd(int code, Classification classification) {
    if (metrics != null) {
      metrics.responseEnded(code, classification, latencyNanos);
    }
    routeMetrics.responseEnded(code, classification, latencyNanos);
    endAttempt(code, classification);
  }

  private void endAttempt(int code, Classification classification) {
    if (attemptOpen) {
      attemptOpen = false;
      long latency =
          attemptLatencyNanos > 0 ? attemptLatencyNanos : System.nanoTime() - attemptStartNanos;
      routeMetrics.attemptEnded(code, classification, latency);
    }
  }

  /**
   * HTTP/1 framing of a request to an HTTP/1 endpoint that did not say its length: a complete body
   * of known size gets a Content-Length, one still arriving goes chunked.
   *
   * @param knownBytes the whole body's size when known (a retry), else -1
   */
  private void frameForHttp1Upstream(HttpRequest request, long knownBytes) {
    if (HttpUtil.isContentLengthSet(request)) {
      return;
    }
    if (knownBytes >= 0) {
      HttpUtil.setTransferEncodingChunked(request, false);
      if (knownBytes > 0) {
        HttpUtil.setContentLength(request, knownBytes);
      }
    } else if (!requestDone) {
      HttpUtil.setTransferEncodingChunked(request, true);
    }
  }

  private void releaseUpstream(boolean reusable) {
    Channel up = upstream;
    upstream = null;
    if (up != null) {
      up.config().setAutoRead(true);
      forwarding.clients().release(up, reusable);
    }
  }

  /**
   * Turns reading on or off. Turning it on also flushes: an HTTP/2 stream channel resumed between
   * two reads of its connection writes its WINDOW_UPDATE without flushing it (Netty's child channel
   * flushes at the end of a read loop, and none is running), and the peer, out of flow-control
   * window (RFC 9113 section 6.9), would wait for it forever.
   */
  private static void autoRead(Channel ch, boolean on) {
    ch.config().setAutoRead(on);
    if (on) {
      ch.flush();
    }
  }

  private void releaseHead() {
    if (head != null) {
      ReferenceCountUtil.release(head);
      head = null;
    }
  }

  /**
   * A request in absolute form ({@code GET http://host/path}, as sent to a forward proxy) goes on
   * in origin form with its authority in {@code Host} (RFC 9112 section 3.2).
   */
  private static void toOriginForm(HttpRequest request) {
    String uri = request.uri();
    if (!(uri.startsWith("http://") || uri.startsWith("https://"))) {
      return;
    }
    int start = uri.indexOf("//") + 2;
    int path = uri.indexOf('/', start);
    int query = uri.indexOf('?', start);
    int end = path < 0 ? query : (query < 0 ? path : Math.min(path, query));
    String authority = end < 0 ? uri.substring(start) : uri.substring(start, end);
    String rest = end < 0 ? "/" : uri.substring(end);
    request.setUri(rest.startsWith("?") ? "/" + rest : rest);
    if (!authority.isEmpty()) {
      request.headers().set(HttpHeaderNames.HOST, authority);
    }
  }

  private void releasePending() {
    if (pendingBody != null) {
      for (HttpContent content; (content = pendingBody.poll()) != null; ) {
        content.release();
      }
    }
  }

  /**
   * On an inbound request: the client identity header is the proxy's to set (from the mTLS
   * handshake), never the client's; a request an outbound proxy carried over HTTP/2 for an HTTP/1
   * client goes on to the application as HTTP/1.
   */
  private void acceptMeshHeaders(HttpHeaders headers) {
    headers.remove(MeshHeaders.CLIENT_ID);
    String origProto = headers.get(MeshHeaders.ORIG_PROTO);
    headers.remove(MeshHeaders.ORIG_PROTO);
    if (connection.tls()) {
      connection.peerIdentity().ifPresent(id -> headers.set(MeshHeaders.CLIENT_ID, id));
      restoreHttp1 = !serverHttp1 && MeshHeaders.HTTP_1_1.equals(origProto);
    }
  }

  /**
   * The request metrics of one endpoint: over mTLS with the peer's identity (the client's inbound,
   * the endpoint's outbound).
   */
  private HttpMetrics httpMetrics(String authorityLabel, String target) {
    if (direction() == dev.meshctl.proxy.metrics.Direction.INBOUND) {
      return forwarding
          .metrics()
          .http(
              direction(),
              authorityLabel,
              target,
              connection.tls(),
              connection.peerIdentity().orElse(""));
    }
    boolean meshed = upstreamIdentity != null;
    return forwarding
        .metrics()
        .http(direction(), authorityLabel, target, meshed, meshed ? upstreamIdentity : "");
  }

  private dev.meshctl.proxy.metrics.Direction direction() {
    return connection.direction();
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
