package dev.meshctl.proxy.identity;

import dev.meshctl.api.identity.CertificationRequest;
import dev.meshctl.api.identity.CertificationResponse;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code meshctl.identity.Identity/Certify} call: gRPC to the identity service in production
 * ({@link GrpcCertifier}), a stand-in in unit tests.
 */
interface Certifier extends AutoCloseable {

  /**
   * Sends the request; the future completes with the response, or exceptionally (a gRPC {@code
   * StatusRuntimeException} for a refusal, a deadline or an unreachable service). Never blocks.
   */
  CompletableFuture<CertificationResponse> certify(CertificationRequest request);

  /** Releases the connection; calls in flight fail. */
  @Override
  void close();
}
