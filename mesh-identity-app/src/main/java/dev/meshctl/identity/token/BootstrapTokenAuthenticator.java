package dev.meshctl.identity.token;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.BootstrapTokens;
import dev.meshctl.identity.ca.CertificationRefusedException;
import dev.meshctl.identity.certify.TokenAuthenticator;
import java.security.PublicKey;
import java.time.Clock;

/**
 * The local token mode: the caller's token must be a bootstrap token ({@code meshctl identity
 * issue-token}) signed with the CA directory's token-signing key, unexpired, for the identity asked
 * for.
 */
public final class BootstrapTokenAuthenticator implements TokenAuthenticator {

  private final BootstrapTokens.Verifier verifier;

  public BootstrapTokenAuthenticator(PublicKey verificationKey, Clock clock) {
    this.verifier = BootstrapTokens.verifier(verificationKey, clock);
  }

  @Override
  public void authenticate(IdentityName requested, String token)
      throws CertificationRefusedException {
    verifier.verify(token, requested);
  }
}
