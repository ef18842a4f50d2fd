package dev.meshctl.identity.ca;

import dev.meshctl.api.IdentityName;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Local-mode bootstrap tokens: the local mesh hands each workload a token proving its identity
 * until a time, and the identity service accepts it instead of a Kubernetes ServiceAccount token.
 *
 * <p>Format: {@code base64url(payload) "." base64url(signature)}, without padding. The payload is
 * the JSON object {@code {"identity":"<dns identity name>","iat":<epoch s>,"exp":<epoch s>}}; the
 * signature is ECDSA P-256 with SHA-256 over the ASCII of the first segment, in the 64-byte r||s
 * form JWS uses for ES256 (RFC 7518 section 3.4). The key is the CA directory's token-signing key,
 * never the issuer key.
 */
public final class BootstrapTokens {

  public static final Duration DEFAULT_TTL = Duration.ofHours(24);

  static final String SIGNING_KEY_ROLE = "token-signing key";
  static final String VERIFICATION_KEY_ROLE = "token verification key";

  /** JWS's ES256 encoding: the raw r||s pair rather than a DER sequence. */
  static final String ALGORITHM = "SHA256withECDSAinP1363Format";

  /** Far beyond any real token (about 250 characters); stops work on junk early. */
  static final int MAX_TOKEN_CHARS = 4096;

  private BootstrapTokens() {}

  /** A token proving {@code identity} from now for {@code ttl}. */
  public static String issue(
      PrivateKey signingKey, IdentityName identity, Duration ttl, Clock clock) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("token lifetime must be positive, not " + ttl);
    }
    Instant now = clock.instant();
    return encode(signingKey, new BootstrapToken(identity, now, now.plus(ttl)));
  }

  /** The signed, encoded form of {@code token}. */
  public static String encode(PrivateKey signingKey, BootstrapToken token) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("identity", token.identity().dnsName());
    payload.put("iat", token.issuedAt().getEpochSecond());
    payload.put("exp", token.expiresAt().getEpochSecond());
    String head = base64(FlatJson.write(payload).getBytes(StandardCharsets.UTF_8));
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(signingKey);
      signer.update(head.getBytes(StandardCharsets.US_ASCII));
      return head + "." + base64(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot sign a bootstrap token with this " + signingKey.getAlgorithm() + " key", e);
    }
  }

  /** Checks tokens with the token verification key. Thread-safe. */
  public static Verifier verifier(PublicKey verificationKey, Clock clock) {
    return new Verifier(verificationKey, clock);
  }

  /** Checks a token's signature, expiry and identity, in that order. */
  public static final class Verifier {

    private final PublicKey key;
    private final Clock clock;

    private Verifier(PublicKey key, Clock clock) {
      if (!"EC".equals(key.getAlgorithm())) {
        throw new IllegalArgumentException(
            "the token verification key is " + key.getAlgorithm() + "; it must be ECDSA P-256");
      }
      this.key = key;
      this.clock = clock;
    }

    /**
     * What the token proves, when it proves {@code requested}.
     *
     * @throws CertificationRefusedException {@link RefusalReason#TOKEN_INVALID} when malformed or
     *     not signed by the token-signing key, {@link RefusalReason#TOKEN_EXPIRED}, or {@link
     *     RefusalReason#IDENTITY_MISMATCH} when it proves another identity. The message never
     *     repeats the token.
     */
    public BootstrapToken verify(String token, IdentityName requested)
        throws CertificationRefusedException {
      if (token == null || token.isEmpty()) {
        throw new CertificationRefusedException(
            RefusalReason.MISSING_TOKEN, "no bootstrap token was sent");
      }
      if (token.length() > MAX_TOKEN_CHARS) {
        throw invalid("is " + token.length() + " characters long; at most " + MAX_TOKEN_CHARS);
      }
      int dot = token.indexOf('.');
      if (dot < 0 || token.indexOf('.', dot + 1) >= 0) {
        throw invalid("is not of the form <payload>.<signature>");
      }
      String head = token.substring(0, dot);
      byte[] payload;
      byte[] signature;
      try {
        payload = Base64.getUrlDecoder().decode(head);
        signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      } catch (IllegalArgumentException e) {
        throw invalid("is not base64url");
      }
      if (!signatureValid(head, signature)) {
        throw invalid("signature does not verify (altered, or signed by another CA)");
      }
      BootstrapToken proven = parse(payload);
      Instant now = clock.instant();
      if (!now.isBefore(proven.expiresAt())) {
        throw new CertificationRefusedException(
            RefusalReason.TOKEN_EXPIRED, "the bootstrap token expired at " + proven.expiresAt());
      }
      if (!proven.identity().equals(requested)) {
        throw new CertificationRefusedException(
            RefusalReason.IDENTITY_MISMATCH,
            "the bootstrap token proves "
                + proven.identity()
                + ", not the identity asked for, "
                + requested);
      }
      return proven;
    }

    private boolean signatureValid(String head, byte[] signature) {
      try {
        Signature verifier = Signature.getInstance(ALGORITHM);
        verifier.initVerify(key);
        verifier.update(head.getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(signature);
      } catch (GeneralSecurityException e) {
        return false;
      }
    }

    private static BootstrapToken parse(byte[] payload) throws CertificationRefusedException {
      try {
        Map<String, Object> claims = FlatJson.parse(new String(payload, StandardCharsets.UTF_8));
        if (!(claims.get("identity") instanceof String identity)
            || !(claims.get("iat") instanceof Long issuedAt)
            || !(claims.get("exp") instanceof Long expiresAt)) {
          throw invalid("payload lacks identity, iat or exp");
        }
        return new BootstrapToken(
            IdentityName.parseDnsName(identity),
            Instant.ofEpochSecond(issuedAt),
            Instant.ofEpochSecond(expiresAt));
      } catch (IllegalArgumentException | DateTimeException e) {
        throw invalid("payload is malformed: " + e.getMessage());
      }
    }

    private static CertificationRefusedException invalid(String problem) {
      return new CertificationRefusedException(
          RefusalReason.TOKEN_INVALID, "the bootstrap token " + problem);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
