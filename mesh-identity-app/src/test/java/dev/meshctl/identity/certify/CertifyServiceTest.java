package dev.meshctl.identity.certify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.identity.ca.RefusalReason;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class CertifyServiceTest {

  @Test
  void requestFaults_areInvalidArguments() {
    for (RefusalReason reason :
        new RefusalReason[] {
          RefusalReason.BAD_IDENTITY,
          RefusalReason.BAD_CSR,
          RefusalReason.WRONG_KEY_TYPE,
          RefusalReason.NAME_MISMATCH
        }) {
      assertThat(CertifyService.statusOf(reason).getCode())
          .as(reason.name())
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
  }

  @Test
  void tokensThatProveNothing_areUnauthenticated_andOnesThatProveSomeoneElse_permissionDenied() {
    assertThat(CertifyService.statusOf(RefusalReason.MISSING_TOKEN).getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(CertifyService.statusOf(RefusalReason.TOKEN_INVALID).getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(CertifyService.statusOf(RefusalReason.TOKEN_EXPIRED).getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(CertifyService.statusOf(RefusalReason.AUDIENCE_MISMATCH).getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(CertifyService.statusOf(RefusalReason.IDENTITY_MISMATCH).getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void whatTheCallerCannotFix_isUnavailable() {
    assertThat(CertifyService.statusOf(RefusalReason.TOKEN_REVIEW_FAILED).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(CertifyService.statusOf(RefusalReason.ISSUER_EXPIRED).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
  }
}
