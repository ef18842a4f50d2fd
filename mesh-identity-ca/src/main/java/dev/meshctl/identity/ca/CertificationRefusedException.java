package dev.meshctl.identity.ca;

import java.util.Objects;

/**
 * A request the certificate authority will not certify, with the reason as data and a message that
 * says why in words (safe to return to the caller: it never contains a token).
 */
public final class CertificationRefusedException extends Exception {

  private final RefusalReason reason;

  public CertificationRefusedException(RefusalReason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public CertificationRefusedException(RefusalReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public RefusalReason reason() {
    return reason;
  }
}
