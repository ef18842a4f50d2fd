package dev.meshctl.identity.ca;

import java.util.Locale;

/**
 * Why the certificate authority refused to certify a request. Every refusal carries one, so that a
 * caller can map it to a status and a metric label; the accompanying message says the details.
 */
public enum RefusalReason {
  /** The identity asked for is not an identity name, or not one of this mesh. */
  BAD_IDENTITY,
  /** The CSR is not a DER PKCS#10 request, or its signature does not verify. */
  BAD_CSR,
  /** The CSR's key is not ECDSA P-256. */
  WRONG_KEY_TYPE,
  /** The CSR asks for a name other than the identity asked for. */
  NAME_MISMATCH,
  /** The request carries no token. */
  MISSING_TOKEN,
  /** The token is malformed, its signature does not verify, or the token reviewer rejected it. */
  TOKEN_INVALID,
  /** The token has expired. */
  TOKEN_EXPIRED,
  /** The token was not issued for the mesh's audience. */
  AUDIENCE_MISMATCH,
  /** The token is valid but proves another identity than the one asked for. */
  IDENTITY_MISMATCH,
  /** The token could not be checked (the Kubernetes API did not answer). */
  TOKEN_REVIEW_FAILED,
  /** The issuer certificate has expired: nothing it signs would be trusted. */
  ISSUER_EXPIRED;

  /** The lower-case name used as a metric label, e.g. {@code name_mismatch}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
