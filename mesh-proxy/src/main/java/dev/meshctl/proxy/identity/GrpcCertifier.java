package dev.meshctl.proxy.identity;

import dev.meshctl.api.identity.CertificationRequest;
import dev.meshctl.api.identity.CertificationResponse;
import dev.meshctl.api.identity.IdentityGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.StreamObserver;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * {@link Certifier} over one gRPC channel to the identity service, kept for the life of the proxy
 * (it reconnects by itself). Its I/O runs on one daemon thread of its own; responses are handed on
 * from that thread, so the caller must move its work elsewhere.
 *
 * <p>With the identity service's name ({@code MESH_PROXY_IDENTITY_SVC_NAME}) the channel is TLS:
 * the server's chain must lead to the proxy's trust anchors and its certificate name exactly that
 * identity ({@link IdentityServiceTrustManager}); the proxy presents no certificate (it has none
 * before its first Certify). The authority (and SNI) stay the target's host name. A call that fails
 * because of TLS fails with a {@link TlsFailureException} that says why. Without the name the
 * channel is plaintext and the token crosses the network in the clear, which is logged once.
 */
final class GrpcCertifier implements Certifier {

  private static final Logger logger = Logger.getLogger(GrpcCertifier.class.getName());

  /** A Certify call failed in the TLS handshake: the reason says which check refused the server. */
  static final class TlsFailureException extends Exception {
    TlsFailureException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final EventLoopGroup group;
  private final ManagedChannel channel;
  private final Duration timeout;
  private final String serverName;

  /**
   * A plaintext channel.
   *
   * @param target {@code host:port} of the identity service; a host name is resolved by DNS
   * @param timeout how long one call may take before it fails with DEADLINE_EXCEEDED
   */
  GrpcCertifier(String target, Duration timeout) {
    this(target, timeout, List.of(), null);
  }

  /**
   * @param target {@code host:port} of the identity service; a host name is resolved by DNS
   * @param timeout how long one call may take before it fails with DEADLINE_EXCEEDED
   * @param anchors the trust anchors the server's chain must lead to (with a server name)
   * @param serverName the identity the server's certificate must name; null for plaintext
   */
  GrpcCertifier(String target, Duration timeout, List<X509Certificate> anchors, String serverName) {
    this.timeout = timeout;
    this.serverName = serverName;
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target);
    if (serverName == null) {
      builder.usePlaintext();
      logger.info(
          () ->
              "identity: the identity service at "
                  + target
                  + " is reached over plaintext gRPC, so the token is sent in the clear; set"
                  + " MESH_PROXY_IDENTITY_SVC_NAME to use TLS");
    } else {
      builder.sslContext(clientContext(anchors, serverName));
      logger.info(
          () ->
              "identity: the identity service at "
                  + target
                  + " is reached over TLS, expecting identity "
                  + serverName);
    }
    this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("mesh-proxy-identity", true));
    this.channel =
        builder
            .eventLoopGroup(group)
            .channelType(NioSocketChannel.class)
            .directExecutor() // the callbacks only complete a future
            .userAgent("mesh-proxy")
            .build();
  }

  @Override
  public CompletableFuture<CertificationResponse> certify(CertificationRequest request) {
    CompletableFuture<CertificationResponse> result = new CompletableFuture<>();
    IdentityGrpc.newStub(channel)
        .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .certify(
            request,
            new StreamObserver<>() {
              @Override
              public void onNext(CertificationResponse response) {
                result.complete(response);
              }

              @Override
              public void onError(Throwable error) {
                result.completeExceptionally(tlsFailure(error));
              }

              @Override
              public void onCompleted() {
                result.completeExceptionally(
                    new IllegalStateException("the identity service answered with no response"));
              }
            });
    return result;
  }

  /**
   * TLS 1.3 or 1.2 with the JDK's implementation (one handshake a day), no client certificate,
   * trusting only the anchors and the expected name.
   */
  private static SslContext clientContext(List<X509Certificate> anchors, String serverName) {
    try {
      return GrpcSslContexts.configure(
              SslContextBuilder.forClient()
                  .trustManager(IdentityServiceTrustManager.of(anchors, serverName)),
              SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException(
          "cannot set up TLS to the identity service: " + e.getMessage(), e);
    }
  }

  /**
   * {@code error} as a {@link TlsFailureException} when the TLS handshake failed (its reason: the
   * trust manager's, else the TLS stack's), otherwise as it is.
   */
  private Throwable tlsFailure(Throwable error) {
    if (serverName == null) {
      return error;
    }
    SSLException ssl = null;
    CertificateException refused = null;
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (ssl == null && cause instanceof SSLException e) {
        ssl = e;
      }
      if (cause instanceof CertificateException e) {
        refused = e;
        break;
      }
    }
    if (ssl == null && refused == null) {
      return error;
    }
    String reason =
        refused != null
            ? refused.getMessage()
            : (ssl.getMessage() == null ? ssl.getClass().getSimpleName() : ssl.getMessage());
    return new TlsFailureException("TLS refused: " + reason, error);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
