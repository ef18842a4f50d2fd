package dev.meshctl.bench.load;

import dev.meshctl.bench.backend.Payloads;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.SelectStrategy;
import io.grpc.netty.shaded.io.netty.channel.SelectStrategyFactory;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * gRPC unary calls with grpc-java on one channel (one HTTP/2 connection), as a gRPC client normally
 * does. The method is built by hand with a byte[] marshaller, so no generated code is needed:
 * {@code /bench.Backend/Call}, 16 bytes in, 1 KiB out. The channel's transport runs on the client's
 * single event loop and calls back on it directly.
 */
final class GrpcLoadClient implements LoadClient {

  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean spin;

  static final MethodDescriptor<byte[], byte[]> METHOD =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("bench.Backend/Call")
          .setRequestMarshaller(new BytesMarshaller())
          .setResponseMarshaller(new BytesMarshaller())
          .build();

  private static final byte[] REQUEST = new byte[16];
  private static final long READY_TIMEOUT_MS = 5_000;

  private final EventLoopGroup group;
  private final ScheduledExecutorService loop;
  private final ManagedChannel channel;

  private GrpcLoadClient(EventLoopGroup group, ManagedChannel channel, AtomicBoolean spin) {
    this.group = group;
    this.spin = spin;
    this.loop = group.next();
    this.channel = channel;
  }

  static GrpcLoadClient connect(Target target) throws IOException, InterruptedException {
    boolean epoll = Epoll.isAvailable();
    // The same switch as BusyPoll, for grpc-java's shaded Netty.
    AtomicBoolean spin = new AtomicBoolean();
    SelectStrategyFactory strategy =
        () ->
            (selectSupplier, hasTasks) ->
                spin.get()
                    ? SelectStrategy.BUSY_WAIT
                    : hasTasks ? selectSupplier.get() : SelectStrategy.SELECT;
    IoHandlerFactory io =
        epoll
            ? EpollIoHandler.newFactory(0, strategy)
            : NioIoHandler.newFactory(SelectorProvider.provider(), strategy);
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bench-grpc", true), io);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(target.address())
            .overrideAuthority(target.authority())
            .usePlaintext()
            .directExecutor()
            .eventLoopGroup(group)
            .channelType(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .build();
    GrpcLoadClient client = new GrpcLoadClient(group, channel, spin);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
    ConnectivityState state;
    while ((state = channel.getState(true)) != ConnectivityState.READY) {
      if (System.nanoTime() > deadline) {
        client.close();
        throw new IOException("gRPC channel to " + target.address() + " is " + state);
      }
      Thread.sleep(5);
    }
    return client;
  }

  @Override
  public void busyPoll(boolean on) {
    spin.set(on);
  }

  @Override
  public ScheduledExecutorService loop() {
    return loop;
  }

  @Override
  public void send(Outcome outcome) {
    ClientCall<byte[], byte[]> call = channel.newCall(METHOD, CallOptions.DEFAULT);
    call.start(new CallListener(outcome), new Metadata());
    call.request(2); // one message expected; asking for two detects a second (ClientCalls does)
    call.sendMessage(REQUEST);
    call.halfClose();
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** Turns a call's end into an {@link Outcome}. */
  private static final class CallListener extends ClientCall.Listener<byte[]> {
    private final Outcome outcome;
    private int messages;
    private int bytes;

    CallListener(Outcome outcome) {
      this.outcome = outcome;
    }

    @Override
    public void onMessage(byte[] message) {
      messages++;
      bytes = message.length;
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (!status.isOk()) {
        boolean transport =
            status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null;
        String detail =
            "grpc "
                + status.getCode()
                + (status.getDescription() == null ? "" : ": " + status.getDescription());
        outcome.done(transport ? RequestError.CONNECTION : RequestError.STATUS, detail);
      } else if (messages != 1 || bytes != Payloads.BODY_SIZE) {
        outcome.done(RequestError.BODY, messages + " messages, last of " + bytes + " bytes");
      } else {
        outcome.succeeded();
      }
    }
  }

  /** Messages as they are on the wire, no serialization. */
  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
