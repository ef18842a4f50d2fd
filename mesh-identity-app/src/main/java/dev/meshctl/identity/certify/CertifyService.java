package dev.meshctl.identity.certify;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.meshctl.api.identity.CertificationRequest;
import dev.meshctl.api.identity.CertificationResponse;
import dev.meshctl.api.identity.IdentityGrpc;
import dev.meshctl.identity.ca.CertificationRefusedException;
import dev.meshctl.identity.ca.IssuedCertificate;
import dev.meshctl.identity.ca.RefusalReason;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code meshctl.identity.Identity/Certify} over gRPC: hands the request to the {@link Certifier}
 * and turns its answer into a response, or its refusal into a status whose description says why.
 */
public final class CertifyService extends IdentityGrpc.IdentityImplBase {

  private static final Logger log = LoggerFactory.getLogger(CertifyService.class);

  private final Certifier certifier;

  public CertifyService(Certifier certifier) {
    this.certifier = Objects.requireNonNull(certifier, "certifier");
  }

  @Override
  public void certify(
      CertificationRequest request, StreamObserver<CertificationResponse> response) {
    IssuedCertificate issued;
    try {
      issued =
          certifier.certify(
              request.getIdentity(),
              request.getToken().toByteArray(),
              request.getCertificateSigningRequest().toByteArray());
    } catch (CertificationRefusedException refused) {
      response.onError(
          statusOf(refused.reason()).withDescription(refused.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      log.error("Certify failed unexpectedly", e);
      response.onError(
          Status.INTERNAL
              .withDescription("internal error in the identity service")
              .asRuntimeException());
      return;
    }
    CertificationResponse.Builder answer =
        CertificationResponse.newBuilder()
            .setLeafCertificate(ByteString.copyFrom(issued.leafDer()))
            .setValidUntil(
                Timestamp.newBuilder()
                    .setSeconds(issued.validUntil().getEpochSecond())
                    .setNanos(issued.validUntil().getNano()));
    for (byte[] intermediate : issued.intermediatesDer()) {
      answer.addIntermediateCertificates(ByteString.copyFrom(intermediate));
    }
    response.onNext(answer.build());
    response.onCompleted();
  }

  /**
   * The gRPC status of a refusal: the request itself is wrong (INVALID_ARGUMENT), the token proves
   * nothing (UNAUTHENTICATED), it proves someone else (PERMISSION_DENIED), or the service cannot
   * decide now (UNAVAILABLE: retry later).
   */
  static Status statusOf(RefusalReason reason) {
    return switch (reason) {
      case BAD_IDENTITY, BAD_CSR, WRONG_KEY_TYPE, NAME_MISMATCH -> Status.INVALID_ARGUMENT;
      case MISSING_TOKEN, TOKEN_INVALID, TOKEN_EXPIRED, AUDIENCE_MISMATCH -> Status.UNAUTHENTICATED;
      case IDENTITY_MISMATCH -> Status.PERMISSION_DENIED;
      case TOKEN_REVIEW_FAILED, ISSUER_EXPIRED -> Status.UNAVAILABLE;
    };
  }
}
