package dev.meshctl.controller.tap;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.meshctl.api.tap.ObserveRequest;
import dev.meshctl.api.tap.TapEvent;
import dev.meshctl.api.tap.TapGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC Tap server on loopback with real mTLS (it requires a client certificate chaining to
 * the test CA), standing in for a proxy's tap server. What it answers is the test's {@link Script};
 * it records every request it gets and every call its client cancelled.
 */
final class ScriptedTapServer implements AutoCloseable {

  /** What the server does with one call. */
  @FunctionalInterface
  interface Script {
    void run(ObserveRequest request, ServerCallStreamObserver<TapEvent> call) throws Exception;
  }

  final BlockingQueue<ObserveRequest> requests = new LinkedBlockingQueue<>();
  final AtomicInteger cancelled = new AtomicInteger();
  private volatile Script script = (request, call) -> call.onCompleted();
  private final Server server;

  /** A plaintext server, as a proxy without identity serves tap. */
  ScriptedTapServer() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Service())
            .build()
            .start();
  }

  ScriptedTapServer(TestCertificates certificates, TestCertificates.Leaf identity)
      throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .sslContext(
                GrpcSslContexts.configure(
                        SslContextBuilder.forServer(identity.key(), identity.chainArray())
                            .trustManager(certificates.trustAnchor())
                            .clientAuth(ClientAuth.REQUIRE))
                    .build())
            .addService(new Service())
            .build()
            .start();
  }

  int port() {
    return server.getPort();
  }

  void script(Script script) {
    this.script = script;
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private final class Service extends TapGrpc.TapImplBase {
    @Override
    public void observe(ObserveRequest request, StreamObserver<TapEvent> observer) {
      ServerCallStreamObserver<TapEvent> call = (ServerCallStreamObserver<TapEvent>) observer;
      call.setOnCancelHandler(cancelled::incrementAndGet);
      requests.add(request);
      try {
        script.run(request, call);
      } catch (Exception e) {
        call.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
      }
    }
  }

  /** The three events of one whole request, outbound from {@code source} to {@code dst}. */
  static void request(
      StreamObserver<TapEvent> call,
      long streamId,
      String srcIdentity,
      String dstIdentity,
      String method,
      String path,
      int status) {
    TapEvent.Builder base =
        TapEvent.newBuilder()
            .setStreamId(streamId)
            .setDirection(TapEvent.Direction.OUTBOUND)
            .setSource(
                TapEvent.Peer.newBuilder()
                    .setAddress("127.0.0.1:5" + streamId)
                    .setIdentity(srcIdentity))
            .setDestination(
                TapEvent.Peer.newBuilder().setAddress("127.0.0.1:4143").setIdentity(dstIdentity));
    call.onNext(
        base.clone()
            .setRequestInit(
                TapEvent.RequestInit.newBuilder()
                    .setAt(Timestamp.newBuilder().setSeconds(1_800_000_000L).setNanos(123_000_000))
                    .setMethod(method)
                    .setScheme("http")
                    .setAuthority("books.demo.svc.cluster.local:8080")
                    .setPath(path))
            .build());
    call.onNext(
        base.clone()
            .setResponseInit(
                TapEvent.ResponseInit.newBuilder()
                    .setSinceRequestInit(Duration.newBuilder().setNanos(1_234_000))
                    .setHttpStatus(status))
            .build());
    call.onNext(
        base.clone()
            .setResponseEnd(
                TapEvent.ResponseEnd.newBuilder()
                    .setSinceRequestInit(Duration.newBuilder().setNanos(1_500_000))
                    .setSinceResponseInit(Duration.newBuilder().setNanos(266_000))
                    .setResponseBytes(120)
                    .setGrpcStatus(0))
            .build());
  }
}
