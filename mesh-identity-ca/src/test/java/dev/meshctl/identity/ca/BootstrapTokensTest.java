package dev.meshctl.identity.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.api.IdentityName;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BootstrapTokensTest {

  private static final IdentityName WEB =
      IdentityName.parseDnsName("web.demo.serviceaccount.identity.meshctl-system.cluster.local");
  private static final IdentityName DB =
      IdentityName.parseDnsName("db.demo.serviceaccount.identity.meshctl-system.cluster.local");

  private final MutableClock clock = MutableClock.now();
  private final KeyPair keys = Keys.generateP256();
  private final BootstrapTokens.Verifier verifier =
      BootstrapTokens.verifier(keys.getPublic(), clock);

  @Test
  void aFreshToken_provesItsIdentity_untilItExpires() throws Exception {
    String token = BootstrapTokens.issue(keys.getPrivate(), WEB, Duration.ofHours(24), clock);

    BootstrapToken proven = verifier.verify(token, WEB);

    assertThat(proven.identity()).isEqualTo(WEB);
    assertThat(proven.issuedAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    assertThat(proven.expiresAt()).isEqualTo(proven.issuedAt().plus(Duration.ofHours(24)));
  }

  @Test
  void format_isBase64urlJsonPayload_dot_base64urlP1363Signature() {
    String token = BootstrapTokens.issue(keys.getPrivate(), WEB, Duration.ofHours(1), clock);

    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(2);
    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    long iat = clock.instant().getEpochSecond();
    assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"identity\":\""
                + WEB.dnsName()
                + "\",\"iat\":"
                + iat
                + ",\"exp\":"
                + (iat + 3600)
                + "}");
    assertThat(Base64.getUrlDecoder().decode(parts[1])).hasSize(64);
  }

  @Test
  void expiredToken_isRefused() throws Exception {
    String token = BootstrapTokens.issue(keys.getPrivate(), WEB, Duration.ofMinutes(10), clock);
    clock.advance(Duration.ofMinutes(10).plusSeconds(1));

    assertReason(() -> verifier.verify(token, WEB), RefusalReason.TOKEN_EXPIRED)
        .hasMessageStartingWith("the bootstrap token expired at");
  }

  @Test
  void tokenForAnotherIdentity_isRefused() {
    String token = BootstrapTokens.issue(keys.getPrivate(), DB, Duration.ofHours(1), clock);

    assertReason(() -> verifier.verify(token, WEB), RefusalReason.IDENTITY_MISMATCH)
        .hasMessage(
            "the bootstrap token proves "
                + DB.dnsName()
                + ", not the identity asked for, "
                + WEB.dnsName());
  }

  @Test
  void payloadSwappedForAnotherIdentity_failsTheSignature() {
    String token = BootstrapTokens.issue(keys.getPrivate(), DB, Duration.ofHours(1), clock);
    String forged =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    new String(
                            Base64.getUrlDecoder().decode(token.split("\\.")[0]),
                            StandardCharsets.UTF_8)
                        .replace(DB.serviceAccount() + ".", WEB.serviceAccount() + ".")
                        .getBytes(StandardCharsets.UTF_8))
            + "."
            + token.split("\\.")[1];

    assertReason(() -> verifier.verify(forged, WEB), RefusalReason.TOKEN_INVALID)
        .hasMessageContaining("signature does not verify");
  }

  @Test
  void alteredSignature_isRefused() {
    String token = BootstrapTokens.issue(keys.getPrivate(), WEB, Duration.ofHours(1), clock);
    int i = token.indexOf('.') + 10;
    String altered =
        token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

    assertReason(() -> verifier.verify(altered, WEB), RefusalReason.TOKEN_INVALID);
  }

  @Test
  void tokenOfAnotherCa_isRefused() {
    String token =
        BootstrapTokens.issue(Keys.generateP256().getPrivate(), WEB, Duration.ofHours(1), clock);

    assertReason(() -> verifier.verify(token, WEB), RefusalReason.TOKEN_INVALID)
        .hasMessageContaining("signed by another CA");
  }

  @Test
  void malformedOrMissingTokens_areRefused_withoutRepeatingThem() {
    assertReason(() -> verifier.verify("", WEB), RefusalReason.MISSING_TOKEN);
    assertReason(() -> verifier.verify("secret-without-a-dot", WEB), RefusalReason.TOKEN_INVALID)
        .hasMessageNotContaining("secret");
    assertReason(() -> verifier.verify("a.b.c", WEB), RefusalReason.TOKEN_INVALID);
    assertReason(() -> verifier.verify("!!!.???", WEB), RefusalReason.TOKEN_INVALID)
        .hasMessageContaining("base64url");
    assertReason(() -> verifier.verify("x".repeat(5000) + ".y", WEB), RefusalReason.TOKEN_INVALID)
        .hasMessageContaining("at most");
  }

  @Test
  void signedPayloadThatIsNotAToken_isRefused() {
    String head =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"identity\":\"web\",\"exp\":\"soon\"}".getBytes(StandardCharsets.UTF_8));
    String token = sign(head);

    assertReason(() -> verifier.verify(token, WEB), RefusalReason.TOKEN_INVALID)
        .hasMessageContaining("lacks identity, iat or exp");
  }

  private String sign(String head) {
    try {
      var signature = Signature.getInstance(BootstrapTokens.ALGORITHM);
      signature.initSign(keys.getPrivate());
      signature.update(head.getBytes(StandardCharsets.US_ASCII));
      return head + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertReason(
      Executable call, RefusalReason reason) {
    return assertThatThrownBy(call::execute)
        .isInstanceOf(CertificationRefusedException.class)
        .satisfies(e -> assertThat(((CertificationRefusedException) e).reason()).isEqualTo(reason));
  }
}
