package dev.meshctl.proxy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.api.tap.ObserveRequest;
import dev.meshctl.api.tap.TapEvent;
import dev.meshctl.api.tap.TapGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A real grpc-java client of a proxy's tap server: plaintext, or mTLS with a certificate of the
 * test's CA. Each {@link Tap} is one {@code Observe} call whose events are collected as they come
 * (or, {@linkplain #observeWithoutReading not read at all}, as a stalled client).
 */
public final class TapClient implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final ManagedChannel channel;

  private TapClient(ManagedChannel channel) {
    this.channel = channel;
  }

  /** A plaintext client. */
  public static TapClient plaintext(InetSocketAddress server) {
    return new TapClient(builder(server).usePlaintext().build());
  }

  /**
   * An mTLS client that trusts {@code anchors}, expects the server to be {@code serverIdentity},
   * and presents {@code leaf} (none when null).
   */
  public static TapClient mtls(
      InetSocketAddress server,
      TestCa.Leaf leaf,
      List<X509Certificate> anchors,
      String serverIdentity) {
    try {
      SslContextBuilder ssl =
          GrpcSslContexts.forClient()
              .protocols("TLSv1.3")
              .trustManager(anchors.toArray(X509Certificate[]::new));
      if (leaf != null) {
        ssl.keyManager(leaf.key(), leaf.chain().toArray(X509Certificate[]::new));
      }
      return new TapClient(
          builder(server).sslContext(ssl.build()).overrideAuthority(serverIdentity).build());
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static NettyChannelBuilder builder(InetSocketAddress server) {
    // A small fixed window, so that a client that does not read stops the server's sending soon.
    return NettyChannelBuilder.forAddress(server).flowControlWindow(65_535);
  }

  /** A tap with every request. */
  public Tap observe() {
    return observe(ObserveRequest.getDefaultInstance());
  }

  public Tap observe(ObserveRequest request) {
    return start(request, true);
  }

  /** A tap whose client never asks for a message: the server can send only a window's worth. */
  public Tap observeWithoutReading(ObserveRequest request) {
    return start(request, false);
  }

  private Tap start(ObserveRequest request, boolean reading) {
    ClientCall<ObserveRequest, TapEvent> call =
        channel.newCall(TapGrpc.getObserveMethod(), CallOptions.DEFAULT);
    Tap tap = new Tap(call);
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(TapEvent event) {
            tap.events.add(event);
            call.request(1);
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            tap.end.complete(status);
          }
        },
        new Metadata());
    call.sendMessage(request);
    call.halfClose();
    if (reading) {
      call.request(1);
    }
    return tap;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** One {@code Observe} call. */
  public static final class Tap {
    private final ClientCall<ObserveRequest, TapEvent> call;
    private final BlockingQueue<TapEvent> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Status> end = new CompletableFuture<>();

    private Tap(ClientCall<ObserveRequest, TapEvent> call) {
      this.call = call;
    }

    /** The next event; fails when none comes in time or the call ended. */
    public TapEvent next() throws InterruptedException {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        TapEvent event = events.poll(100, TimeUnit.MILLISECONDS);
        if (event != null) {
          return event;
        }
        if (end.isDone() && events.isEmpty()) {
          throw new AssertionError("the tap ended with " + end.join() + " before another event");
        }
      }
      throw new AssertionError("no tap event within " + TIMEOUT);
    }

    /** The next {@code n} events. */
    public List<TapEvent> next(int n) throws InterruptedException {
      List<TapEvent> taken = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        taken.add(next());
      }
      return taken;
    }

    /** Events until the first whose request has the path {@code path}, that one included. */
    public List<TapEvent> until(String path) throws InterruptedException {
      List<TapEvent> taken = new ArrayList<>();
      while (true) {
        TapEvent event = next();
        taken.add(event);
        if (event.hasRequestInit() && event.getRequestInit().getPath().equals(path)) {
          return taken;
        }
      }
    }

    /** How the call ended, waiting for it. */
    public Status status() {
      try {
        return end.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw new AssertionError("the tap call did not end within " + TIMEOUT, e);
      }
    }

    public boolean ended() {
      return end.isDone();
    }

    /** The events received and not taken yet. */
    public List<TapEvent> remaining() {
      List<TapEvent> rest = new ArrayList<>();
      events.drainTo(rest);
      return rest;
    }

    public void cancel() {
      call.cancel("the test is done with this tap", null);
    }

    /** The certificate the tap server presented (an mTLS call, once it has answered). */
    public X509Certificate serverCertificate() throws SSLPeerUnverifiedException {
      SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
      assertThat(session).as("the call's TLS session").isNotNull();
      Certificate[] chain = session.getPeerCertificates();
      return (X509Certificate) chain[0];
    }
  }
}
