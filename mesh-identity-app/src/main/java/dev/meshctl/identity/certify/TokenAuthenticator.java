package dev.meshctl.identity.certify;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.CertificationRefusedException;

/**
 * Decides whether a caller's token proves the identity it asks a certificate for: a bootstrap token
 * in the local mesh, a ServiceAccount token on Kubernetes.
 */
public interface TokenAuthenticator {

  /**
   * Returns when {@code token} proves {@code requested}.
   *
   * @param token the token as sent, surrounding whitespace removed; never logged
   * @throws CertificationRefusedException saying why not; its message never contains the token
   */
  void authenticate(IdentityName requested, String token) throws CertificationRefusedException;
}
