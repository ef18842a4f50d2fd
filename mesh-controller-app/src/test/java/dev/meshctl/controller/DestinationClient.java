package dev.meshctl.controller;

import dev.meshctl.api.destination.DestinationGrpc;
import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.GetDestination;
import dev.meshctl.api.destination.Update;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real grpc-java client of the Destination API, as a proxy would be: messages land in queues. */
public final class DestinationClient implements AutoCloseable {

  private final ManagedChannel channel;
  private final DestinationGrpc.DestinationStub stub;
  private final Context.CancellableContext context = Context.current().withCancellation();

  public DestinationClient(int port) {
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    stub = DestinationGrpc.newStub(channel);
  }

  /** Calls Get; the stream's messages (and a final error, as a sentinel) go to the queue. */
  public Stream<Update> get(String authority) {
    Stream<Update> stream = new Stream<>();
    context.run(() -> stub.get(request(authority), stream));
    return stream;
  }

  public Stream<DestinationProfile> getProfile(String authority) {
    Stream<DestinationProfile> stream = new Stream<>();
    context.run(() -> stub.getProfile(request(authority), stream));
    return stream;
  }

  private static GetDestination request(String authority) {
    return GetDestination.newBuilder().setScheme("http").setPath(authority).build();
  }

  @Override
  public void close() throws InterruptedException {
    context.cancel(null);
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** The messages of one stream, in order. */
  public static final class Stream<M> implements StreamObserver<M> {
    private final BlockingQueue<M> messages = new LinkedBlockingQueue<>();
    private volatile Throwable error;

    /** The next message; fails after 10 s without one. */
    public M next() throws InterruptedException {
      M message = messages.poll(10, TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no message within 10 s" + (error == null ? "" : ": " + error));
      }
      return message;
    }

    /** Whether no message is waiting after a short while. */
    public boolean quiet(long millis) throws InterruptedException {
      return messages.poll(millis, TimeUnit.MILLISECONDS) == null;
    }

    public Throwable error() {
      return error;
    }

    @Override
    public void onNext(M value) {
      messages.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}
  }
}
