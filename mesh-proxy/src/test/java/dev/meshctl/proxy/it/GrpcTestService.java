package dev.meshctl.proxy.it;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A gRPC service defined by hand with grpc-java's generic API (no protoc): String messages in
 * UTF-8, one method per streaming shape, and a method that fails with a status. Every call's
 * response carries a custom ASCII and a custom binary trailer, so that tests can check trailers
 * cross the proxy intact.
 */
final class GrpcTestService {

  static final String SERVICE = "meshtest.Echo";

  /** Custom trailers every response carries. */
  static final Metadata.Key<String> TRAILER =
      Metadata.Key.of("x-test-trailer", Metadata.ASCII_STRING_MARSHALLER);

  static final Metadata.Key<byte[]> BINARY_TRAILER =
      Metadata.Key.of("x-test-trailer-bin", Metadata.BINARY_BYTE_MARSHALLER);

  static final String TRAILER_VALUE = "trailer value; with=punctuation, 42";
  static final byte[] BINARY_TRAILER_VALUE = {0, 1, 2, (byte) 0xfe, (byte) 0xff, '\r', '\n'};

  /** The description of the status {@link #FAIL} answers with (kept non-ASCII on purpose). */
  static final String FAILURE_DESCRIPTION = "no such thing: caf\u00e9 at 100% \u2603";

  static final MethodDescriptor.Marshaller<String> UTF8 =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /** Answers with its request. */
  static final MethodDescriptor<String, String> UNARY = method("Unary", MethodType.UNARY);

  /** The request is a count n; answers with messages {@code "message-0"} to {@code n-1}. */
  static final MethodDescriptor<String, String> SERVER_STREAMING =
      method("ServerStreaming", MethodType.SERVER_STREAMING);

  /** Answers each request message with {@code "echo:" + message}, as it arrives. */
  static final MethodDescriptor<String, String> BIDI = method("Bidi", MethodType.BIDI_STREAMING);

  /** Fails with NOT_FOUND and {@link #FAILURE_DESCRIPTION}. */
  static final MethodDescriptor<String, String> FAIL = method("Fail", MethodType.UNARY);

  private GrpcTestService() {}

  static ServerServiceDefinition definition() {
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(
                UNARY,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      response.onNext(request);
                      response.onCompleted();
                    }))
            .addMethod(
                SERVER_STREAMING,
                ServerCalls.asyncServerStreamingCall(
                    (request, response) -> {
                      int count = Integer.parseInt(request);
                      for (int i = 0; i < count; i++) {
                        response.onNext("message-" + i);
                      }
                      response.onCompleted();
                    }))
            .addMethod(
                BIDI,
                ServerCalls.asyncBidiStreamingCall(
                    response ->
                        new StreamObserver<String>() {
                          @Override
                          public void onNext(String message) {
                            response.onNext("echo:" + message);
                          }

                          @Override
                          public void onError(Throwable t) {}

                          @Override
                          public void onCompleted() {
                            response.onCompleted();
                          }
                        }))
            .addMethod(
                FAIL,
                ServerCalls.asyncUnaryCall(
                    (request, response) ->
                        response.onError(
                            Status.NOT_FOUND
                                .withDescription(FAILURE_DESCRIPTION)
                                .asRuntimeException())))
            .build();
    return ServerInterceptors.intercept(service, new CustomTrailers());
  }

  private static MethodDescriptor<String, String> method(String name, MethodType type) {
    return MethodDescriptor.<String, String>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(UTF8)
        .setResponseMarshaller(UTF8)
        .build();
  }

  /** Adds the custom trailers to every call's close, whatever its status. */
  private static final class CustomTrailers implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      return next.startCall(
          new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
              trailers.put(TRAILER, TRAILER_VALUE);
              trailers.put(BINARY_TRAILER, BINARY_TRAILER_VALUE);
              super.close(status, trailers);
            }
          },
          headers);
    }
  }
}
