package dev.meshctl.identity.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.TestCsrs;
import dev.meshctl.identity.ca.CaGenerator;
import dev.meshctl.identity.ca.CertificationRefusedException;
import dev.meshctl.identity.ca.GeneratedCa;
import dev.meshctl.identity.ca.IssuedCertificate;
import dev.meshctl.identity.ca.LeafSigner;
import dev.meshctl.identity.ca.RefusalReason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The certificate authority's decision, without Spring or gRPC. */
class CertifierTest {

  private static final String WEB = "web.demo.serviceaccount.identity.meshctl-system.cluster.local";

  private final GeneratedCa ca =
      new CaGenerator(Clock.systemUTC()).generate("cluster.local", "meshctl-system");
  private final List<String> tokensSeen = new ArrayList<>();
  private final List<Object> recorded = new ArrayList<>();
  private TokenAuthenticator authenticator =
      (identity, token) -> {
        tokensSeen.add(token);
        if (!token.equals("proof-of:" + identity.dnsName())) {
          throw new CertificationRefusedException(
              RefusalReason.IDENTITY_MISMATCH, "the token proves someone else");
        }
      };

  private Certifier certifier() {
    return new Certifier(
        "meshctl-system",
        "cluster.local",
        (identity, token) -> authenticator.authenticate(identity, token),
        new LeafSigner(
            ca.issuer(Clock.systemUTC().instant()), LeafSigner.DEFAULT_LIFETIME, Clock.systemUTC()),
        new CertificationRecorder() {
          @Override
          public void issued() {
            recorded.add("issued");
          }

          @Override
          public void refused(RefusalReason reason) {
            recorded.add(reason);
          }
        });
  }

  private static byte[] token(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void provenIdentity_withAGoodCsr_getsALeaf_andIsCounted() throws Exception {
    IssuedCertificate issued =
        certifier()
            .certify(WEB, token("proof-of:" + WEB + "\n"), TestCsrs.csr(TestCsrs.p256(), WEB));

    assertThat(issued.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=" + WEB);
    assertThat(issued.intermediates()).containsExactly(ca.issuerCertificate());
    assertThat(tokensSeen)
        .as("whitespace around the token is ignored")
        .containsExactly("proof-of:" + WEB);
    assertThat(recorded).containsExactly("issued");
  }

  @Test
  void malformedIdentity_isRefused_beforeAnythingElse() {
    assertRefused(
        () -> certifier().certify("web.demo.svc.cluster.local", token("x"), new byte[0]),
        RefusalReason.BAD_IDENTITY);
    assertThat(tokensSeen).isEmpty();
  }

  @Test
  void identityOfAnotherMesh_isRefused() {
    String foreign = "web.demo.serviceaccount.identity.linkerd.cluster.local";

    assertThatThrownBy(() -> certifier().certify(foreign, token("x"), new byte[0]))
        .hasMessageContaining("is not of this mesh")
        .hasMessageContaining(".serviceaccount.identity.meshctl-system.cluster.local");
    assertThat(recorded).containsExactly(RefusalReason.BAD_IDENTITY);
  }

  @Test
  void missingOrBlankToken_isRefused() throws Exception {
    byte[] csr = TestCsrs.csr(TestCsrs.p256(), WEB);

    assertRefused(() -> certifier().certify(WEB, new byte[0], csr), RefusalReason.MISSING_TOKEN);
    assertRefused(() -> certifier().certify(WEB, token(" \n"), csr), RefusalReason.MISSING_TOKEN);
    assertRefused(
        () -> certifier().certify(WEB, new byte[] {(byte) 0xff, (byte) 0xfe}, csr),
        RefusalReason.TOKEN_INVALID);
  }

  @Test
  void badCsr_isRefused_withoutAskingTheAuthenticator() throws Exception {
    String other = "db.demo.serviceaccount.identity.meshctl-system.cluster.local";

    assertRefused(
        () ->
            certifier()
                .certify(WEB, token("proof-of:" + WEB), TestCsrs.csr(TestCsrs.p256(), other)),
        RefusalReason.NAME_MISMATCH);
    assertRefused(
        () -> certifier().certify(WEB, token("proof-of:" + WEB), TestCsrs.csr(TestCsrs.rsa(), WEB)),
        RefusalReason.WRONG_KEY_TYPE);
    assertThat(tokensSeen).isEmpty();
    assertThat(recorded).containsExactly(RefusalReason.NAME_MISMATCH, RefusalReason.WRONG_KEY_TYPE);
  }

  @Test
  void tokenRefusal_isPassedOn_andCountedByReason() throws Exception {
    assertRefused(
        () ->
            certifier()
                .certify(WEB, token("proof-of:someone-else"), TestCsrs.csr(TestCsrs.p256(), WEB)),
        RefusalReason.IDENTITY_MISMATCH);

    assertThat(recorded).containsExactly(RefusalReason.IDENTITY_MISMATCH);
  }

  @Test
  void unexpectedAuthenticatorFailure_isNotCountedAsARefusal() {
    authenticator =
        (IdentityName identity, String token) -> {
          throw new IllegalStateException("bug");
        };

    assertThatThrownBy(
            () -> certifier().certify(WEB, token("t"), TestCsrs.csr(TestCsrs.p256(), WEB)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(recorded).isEmpty();
  }

  @Test
  void callerTextInLogs_staysOnOneLine_andBounded() {
    assertThat(Certifier.printable("a\nb\u0000c")).isEqualTo("'a?b?c'");
    assertThat(Certifier.printable(null)).isEqualTo("(none)");
    assertThat(Certifier.oneLine("x".repeat(2000), 10)).isEqualTo("xxxxxxxxxx...");
  }

  private static void assertRefused(Executable call, RefusalReason reason) {
    assertThatThrownBy(call::execute)
        .isInstanceOf(CertificationRefusedException.class)
        .satisfies(e -> assertThat(((CertificationRefusedException) e).reason()).isEqualTo(reason));
  }
}
