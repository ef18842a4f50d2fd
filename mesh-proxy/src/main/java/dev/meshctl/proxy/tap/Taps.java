package dev.meshctl.proxy.tap;

import dev.meshctl.api.tap.TapEvent;
import dev.meshctl.proxy.metrics.Direction;
import dev.meshctl.proxy.metrics.TapMetrics;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The taps open on this proxy, as the data path sees them. An exchange asks {@link #isOpen()} once
 * per request (one volatile read: with no tap open, that is all tap costs) and, when a tap is open,
 * {@link #begin} once the request's destination is known; the tap server adds and removes taps.
 * Composed once per proxy, shared by the inbound and outbound sides.
 */
public final class Taps {

  private static final TapStream[] NONE = new TapStream[0];

  private final Optional<String> localIdentity;
  private final int maxStreams;
  private final TapMetrics metrics;
  private final AtomicLong streamIds = new AtomicLong();
  private volatile TapStream[] open = NONE;

  /**
   * @param localIdentity the proxy's own identity, the source of its outbound mTLS and the
   *     destination of its inbound mTLS
   * @param maxStreams taps open at once at most
   */
  public Taps(Optional<String> localIdentity, int maxStreams, TapMetrics metrics) {
    this.localIdentity = localIdentity;
    this.maxStreams = maxStreams;
    this.metrics = metrics;
  }

  /** Whether any tap is open; the data path's only cost while none is. */
  public boolean isOpen() {
    return open.length != 0;
  }

  /**
   * Offers a request, whose destination is now known, to the open taps: those that match it and
   * have room for it get its {@code request_init} now and its later events through the returned
   * tap.
   *
   * @param destination the endpoint chosen, or null when the proxy answers itself before choosing
   *     one
   * @param upstreamIdentity outbound: the identity the endpoint must prove over mTLS, or null when
   *     the request goes out in plaintext; ignored inbound
   */
  public RequestTap begin(
      TapRequestHead head, InetSocketAddress destination, String upstreamIdentity) {
    TapStream[] streams = open;
    boolean inbound = head.direction() == Direction.INBOUND;
    String peerIdentity =
        inbound ? head.connectionIdentity() : (upstreamIdentity == null ? "" : upstreamIdentity);
    TapStream[] taking = null;
    int count = 0;
    for (TapStream stream : streams) {
      if (stream.matches(head, peerIdentity) && stream.admit()) {
        if (taking == null) {
          taking = new TapStream[streams.length];
        }
        taking[count++] = stream;
      }
    }
    if (count == 0) {
      return RequestTap.NONE;
    }
    String local = localIdentity.orElse("");
    String destinationAddress = destination == null ? "" : TapRequestHead.address(destination);
    TapEvent.Peer source;
    TapEvent.Peer target;
    if (inbound) {
      boolean mtls = !head.connectionIdentity().isEmpty();
      source = peer(head.sourceAddress(), head.connectionIdentity());
      target = peer(destinationAddress, mtls ? local : "");
    } else {
      boolean mtls = upstreamIdentity != null;
      source = peer(head.sourceAddress(), mtls ? local : "");
      target = peer(destinationAddress, mtls ? upstreamIdentity : "");
    }
    return new ObservedRequest(
        count == taking.length ? taking : Arrays.copyOf(taking, count),
        streamIds.incrementAndGet(),
        head,
        source,
        target);
  }

  /**
   * Opens a tap, unless {@code maxStreams} are open already.
   *
   * @return false when the tap is refused
   */
  synchronized boolean add(TapStream stream) {
    TapStream[] current = open;
    if (current.length >= maxStreams) {
      return false;
    }
    TapStream[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = stream;
    open = next;
    metrics.streamOpened();
    return true;
  }

  /** Closes a tap; nothing when it is not open. */
  synchronized void remove(TapStream stream) {
    TapStream[] current = open;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == stream) {
        TapStream[] next = new TapStream[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        open = next;
        metrics.streamClosed();
        return;
      }
    }
  }

  int maxStreams() {
    return maxStreams;
  }

  TapMetrics metrics() {
    return metrics;
  }

  private static TapEvent.Peer peer(String address, String identity) {
    return TapEvent.Peer.newBuilder().setAddress(address).setIdentity(identity).build();
  }
}
