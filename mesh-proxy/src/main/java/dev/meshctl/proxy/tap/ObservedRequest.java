package dev.meshctl.proxy.tap;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.meshctl.api.tap.TapEvent;
import dev.meshctl.proxy.metrics.Direction;

/**
 * One request that one or more taps observe: builds its events (with the request's peers, direction
 * and stream id in each) and offers them to those taps. Used on the exchange's event loop only.
 */
final class ObservedRequest implements RequestTap {

  private final TapStream[] streams;
  private final TapEvent prototype;
  private final long startNanos;
  private long responseStartNanos = -1;
  private long responseBytes;
  private boolean ended;

  ObservedRequest(
      TapStream[] streams,
      long streamId,
      TapRequestHead head,
      TapEvent.Peer source,
      TapEvent.Peer destination) {
    this.streams = streams;
    this.startNanos = head.startNanos();
    this.prototype =
        TapEvent.newBuilder()
            .setSource(source)
            .setDestination(destination)
            .setDirection(
                head.direction() == Direction.INBOUND
                    ? TapEvent.Direction.INBOUND
                    : TapEvent.Direction.OUTBOUND)
            .setStreamId(streamId)
            .build();
    long millis = head.startEpochMillis();
    offer(
        prototype.toBuilder()
            .setRequestInit(
                TapEvent.RequestInit.newBuilder()
                    .setAt(
                        Timestamp.newBuilder()
                            .setSeconds(Math.floorDiv(millis, 1000))
                            .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000))
                    .setMethod(head.method())
                    .setScheme(head.scheme())
                    .setAuthority(head.authority())
                    .setPath(head.path()))
            .build(),
        false);
  }

  @Override
  public void responseStarted(int status) {
    if (ended || responseStartNanos >= 0) {
      return;
    }
    responseStartNanos = System.nanoTime();
    offer(
        prototype.toBuilder()
            .setResponseInit(
                TapEvent.ResponseInit.newBuilder()
                    .setSinceRequestInit(duration(responseStartNanos - startNanos))
                    .setHttpStatus(status))
            .build(),
        false);
  }

  @Override
  public void responseBytes(long bytes) {
    responseBytes += bytes;
  }

  @Override
  public void responseEnded(String grpcStatus) {
    TapEvent.ResponseEnd.Builder end = endBuilder();
    if (end == null) {
      return;
    }
    Integer code = parseGrpcStatus(grpcStatus);
    if (code != null) {
      end.setGrpcStatus(code);
    }
    offer(prototype.toBuilder().setResponseEnd(end).build(), true);
  }

  @Override
  public void failed(String reason) {
    TapEvent.ResponseEnd.Builder end = endBuilder();
    if (end == null) {
      return;
    }
    offer(prototype.toBuilder().setResponseEnd(end.setResetReason(reason)).build(), true);
  }

  /** The end event's durations and bytes; null when the end was already reported. */
  private TapEvent.ResponseEnd.Builder endBuilder() {
    if (ended) {
      return null;
    }
    ended = true;
    long now = System.nanoTime();
    TapEvent.ResponseEnd.Builder end =
        TapEvent.ResponseEnd.newBuilder()
            .setSinceRequestInit(duration(now - startNanos))
            .setResponseBytes(responseBytes);
    if (responseStartNanos >= 0) {
      end.setSinceResponseInit(duration(now - responseStartNanos));
    }
    return end;
  }

  private void offer(TapEvent event, boolean last) {
    for (TapStream stream : streams) {
      stream.offer(event, last);
    }
  }

  private static Integer parseGrpcStatus(String value) {
    if (value == null) {
      return null;
    }
    try {
      int code = Integer.parseInt(value.trim());
      return code >= 0 ? code : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration duration(long nanos) {
    long positive = Math.max(0, nanos);
    return Duration.newBuilder()
        .setSeconds(positive / 1_000_000_000L)
        .setNanos((int) (positive % 1_000_000_000L))
        .build();
  }
}
