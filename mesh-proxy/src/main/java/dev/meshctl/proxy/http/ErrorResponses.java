package dev.meshctl.proxy.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Builds the responses the proxy makes itself: the status of the error with its reason in the
 * {@code mesh-proxy-error} header and the body, or, for a gRPC request, a trailers-only gRPC
 * response whose {@code grpc-status} and {@code grpc-message} carry it.
 */
final class ErrorResponses {

  private ErrorResponses() {}

  static FullHttpResponse forError(
      ByteBufAllocator alloc, ProxyError error, String detail, boolean grpc) {
    String message = error.message(detail);
    if (grpc) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.OK, alloc.buffer(0, 0));
      response
          .headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "application/grpc")
          .set("grpc-status", error.grpcStatus())
          .set("grpc-message", percentEncode(message))
          .set(ProxyError.HEADER, message)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      return response;
    }
    return plain(alloc, error.status(), message);
  }

  static FullHttpResponse plain(ByteBufAllocator alloc, HttpResponseStatus status, String message) {
    var body = ByteBufUtil.writeUtf8(alloc, message + "\n");
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
        .set(ProxyError.HEADER, message);
    return response;
  }

  /** gRPC's percent-encoding of grpc-message (PROTOCOL-HTTP2.md): keep printable ASCII but '%'. */
  private static String percentEncode(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (byte b : message.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      if (b >= 0x20 && b < 0x7f && b != '%') {
        out.append((char) b);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
