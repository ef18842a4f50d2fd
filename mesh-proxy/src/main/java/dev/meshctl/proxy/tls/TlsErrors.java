package dev.meshctl.proxy.tls;

import dev.meshctl.proxy.metrics.TlsFailure;
import java.security.cert.CertificateException;

/** Turns a TLS handshake failure into words an operator can act on, and a metric reason. */
public final class TlsErrors {

  private TlsErrors() {}

  /** Why the handshake failed, for the {@code reason} label. */
  public static TlsFailure reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ExpectedIdentityTrustManager.IdentityMismatchException) {
        return TlsFailure.IDENTITY_MISMATCH;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        return TlsFailure.UNTRUSTED;
      }
    }
    return TlsFailure.HANDSHAKE_ERROR;
  }

  /**
   * The most telling message of a failure: the certificate check's own words when it was the
   * certificate (BoringSSL otherwise reports only an alert code), else the outermost message.
   */
  public static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertificateException && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    String message = failure.getMessage();
    return message == null ? failure.getClass().getSimpleName() : message;
  }
}
