package dev.meshctl.bench.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/** The backend's fixed answer: a 1 KiB body, and the same bytes as one gRPC message. */
public final class Payloads {

  /** Size of every response body (the gRPC message, for gRPC). */
  public static final int BODY_SIZE = 1024;

  /** gRPC's length-prefixed message framing: a compressed flag and a 4-byte length. */
  public static final int GRPC_PREFIX_SIZE = 5;

  private static final byte[] BODY_BYTES = new byte[BODY_SIZE];

  static {
    Arrays.fill(BODY_BYTES, (byte) 'x');
  }

  private static final ByteBuf BODY =
      Unpooled.unreleasableBuffer(Unpooled.directBuffer(BODY_SIZE).writeBytes(BODY_BYTES));

  private static final ByteBuf GRPC_BODY =
      Unpooled.unreleasableBuffer(
          Unpooled.directBuffer(GRPC_PREFIX_SIZE + BODY_SIZE)
              .writeByte(0)
              .writeInt(BODY_SIZE)
              .writeBytes(BODY_BYTES));

  private Payloads() {}

  /** A view of the 1 KiB body for one response (shared, never freed: releasing it is a no-op). */
  static ByteBuf body() {
    return BODY.duplicate();
  }

  /** A view of the 1 KiB body framed as one gRPC message. */
  static ByteBuf grpcBody() {
    return GRPC_BODY.duplicate();
  }
}
