package dev.meshctl.identity.certify;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.CertificationRefusedException;
import dev.meshctl.identity.ca.CsrValidator;
import dev.meshctl.identity.ca.IssuedCertificate;
import dev.meshctl.identity.ca.LeafSigner;
import dev.meshctl.identity.ca.RefusalReason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate authority's one decision: given the identity asked for, a token and a CSR, sign a
 * leaf or refuse with a reason. Cheap checks come first: the identity's syntax and mesh, then the
 * CSR, and only then the token, which may cost a call to the Kubernetes API.
 */
public final class Certifier {

  private static final Logger log = LoggerFactory.getLogger(Certifier.class);

  /** Identity names fit in 253 characters (a DNS name); anything longer is cut in logs. */
  private static final int MAX_LOGGED_IDENTITY = 256;

  private static final int MAX_LOGGED_MESSAGE = 1024;

  private final String controlPlaneNamespace;
  private final String trustDomain;
  private final TokenAuthenticator authenticator;
  private final LeafSigner signer;
  private final CertificationRecorder recorder;

  public Certifier(
      String controlPlaneNamespace,
      String trustDomain,
      TokenAuthenticator authenticator,
      LeafSigner signer,
      CertificationRecorder recorder) {
    IdentityName.requireMesh(controlPlaneNamespace, trustDomain);
    this.controlPlaneNamespace = controlPlaneNamespace;
    this.trustDomain = trustDomain;
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  /**
   * A leaf certificate for {@code identity}.
   *
   * @param token the caller's proof, as sent (UTF-8); surrounding whitespace is ignored, as a token
   *     read from a file often ends with a newline
   * @param csr a DER PKCS#10 request
   * @throws CertificationRefusedException with the reason and a message for the caller
   */
  public IssuedCertificate certify(String identity, byte[] token, byte[] csr)
      throws CertificationRefusedException {
    try {
      IdentityName name = parse(identity);
      String tokenText = text(token);
      PublicKey key = CsrValidator.validate(csr, name);
      authenticator.authenticate(name, tokenText);
      IssuedCertificate issued = signer.sign(name, key);
      recorder.issued();
      log.info("Issued a certificate for {} valid until {}", name, issued.validUntil());
      return issued;
    } catch (CertificationRefusedException refused) {
      recorder.refused(refused.reason());
      log.info(
          "Refused a certificate for {}: {}: {}",
          printable(identity),
          refused.reason().label(),
          oneLine(refused.getMessage(), MAX_LOGGED_MESSAGE));
      throw refused;
    }
  }

  private IdentityName parse(String identity) throws CertificationRefusedException {
    IdentityName name;
    try {
      name = IdentityName.parseDnsName(identity == null ? "" : identity);
    } catch (IllegalArgumentException e) {
      throw new CertificationRefusedException(RefusalReason.BAD_IDENTITY, e.getMessage());
    }
    if (!name.isOfMesh(controlPlaneNamespace, trustDomain)) {
      throw new CertificationRefusedException(
          RefusalReason.BAD_IDENTITY,
          "identity '"
              + identity
              + "' is not of this mesh: its identities end in .serviceaccount.identity."
              + controlPlaneNamespace
              + "."
              + trustDomain);
    }
    return name;
  }

  private static String text(byte[] token) throws CertificationRefusedException {
    if (token == null || token.length == 0) {
      throw new CertificationRefusedException(RefusalReason.MISSING_TOKEN, "no token was sent");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(token))
              .toString()
              .strip();
    } catch (CharacterCodingException e) {
      throw new CertificationRefusedException(
          RefusalReason.TOKEN_INVALID, "the token is not UTF-8 text");
    }
    if (text.isEmpty()) {
      throw new CertificationRefusedException(RefusalReason.MISSING_TOKEN, "the token is blank");
    }
    return text;
  }

  /** The identity as sent, quoted and safe for one log line. */
  static String printable(String identity) {
    return identity == null ? "(none)" : "'" + oneLine(identity, MAX_LOGGED_IDENTITY) + "'";
  }

  /**
   * Caller-supplied text made safe for one log line: control characters replaced, length bounded.
   */
  static String oneLine(String text, int max) {
    String bounded = text.length() > max ? text.substring(0, max) + "..." : text;
    StringBuilder safe = new StringBuilder(bounded.length());
    bounded.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return safe.toString();
  }
}
