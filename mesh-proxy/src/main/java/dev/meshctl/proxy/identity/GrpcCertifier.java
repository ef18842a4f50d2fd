package dev.meshctl.proxy.identity;

import dev.meshctl.api.identity.CertificationRequest;
import dev.meshctl.api.identity.CertificationResponse;
import dev.meshctl.api.identity.IdentityGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link Certifier} over one gRPC channel to the identity service, kept for the life of the proxy
 * (it reconnects by itself). Its I/O runs on one daemon thread of its own; responses are handed on
 * from that thread, so the caller must move its work elsewhere. Plaintext for now: the identity
 * connection is to be secured with the trust anchors later (see {@code mesh-proxy/README.md}).
 */
final class GrpcCertifier implements Certifier {

  private final EventLoopGroup group;
  private final ManagedChannel channel;
  private final Duration timeout;

  /**
   * @param target {@code host:port} of the identity service; a host name is resolved by DNS
   * @param timeout how long one call may take before it fails with DEADLINE_EXCEEDED
   */
  GrpcCertifier(String target, Duration timeout) {
    this.timeout = timeout;
    this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("mesh-proxy-identity", true));
    this.channel =
        NettyChannelBuilder.forTarget(target)
            .usePlaintext()
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
                result.completeExceptionally(error);
              }

              @Override
              public void onCompleted() {
                result.completeExceptionally(
                    new IllegalStateException("the identity service answered with no response"));
              }
            });
    return result;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
