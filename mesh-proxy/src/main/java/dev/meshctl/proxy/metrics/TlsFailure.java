package dev.meshctl.proxy.metrics;

/** Why a TLS handshake failed; the {@code reason} label of {@code tls_handshake_failure_total}. */
public enum TlsFailure {
  /** The server's certificate named another identity than the destination said it must. */
  IDENTITY_MISMATCH("identity_mismatch"),
  /** The peer's certificate does not chain to a trust anchor, or has expired. */
  UNTRUSTED("untrusted"),
  /** Anything else: no certificate, no common protocol version or cipher, a broken record. */
  HANDSHAKE_ERROR("handshake_error");

  private final String label;

  TlsFailure(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
