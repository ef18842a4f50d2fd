package dev.meshctl.proxy.identity;

import dev.meshctl.proxy.tls.ExpectedIdentityTrustManager;
import dev.meshctl.proxy.tls.TrustAnchors;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts the identity service when its chain leads to one of the proxy's trust anchors (PKIX,
 * expiry included) <em>and</em> its certificate's identity (first DNS SAN) is the expected one,
 * {@code MESH_PROXY_IDENTITY_SVC_NAME}, in any case. This replaces the host name check: the channel
 * is addressed by the Service's host name, but what matters is the identity the service proves, as
 * Linkerd's proxy checks {@code LINKERD2_PROXY_IDENTITY_SVC_NAME}. The checks are the endpoints';
 * the messages say which failed, in the identity client's words.
 */
final class IdentityServiceTrustManager extends ExpectedIdentityTrustManager {

  private IdentityServiceTrustManager(X509TrustManager anchors, String expected) {
    super(anchors, expected);
  }

  /** Trusting exactly {@code anchors}, and only a certificate for {@code expected}. */
  static IdentityServiceTrustManager of(List<X509Certificate> anchors, String expected) {
    try {
      return new IdentityServiceTrustManager(TrustAnchors.pkix(anchors), expected);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust the trust anchors: " + e.getMessage(), e);
    }
  }

  @Override
  protected boolean matches(String presented, String expected) {
    return presented.equalsIgnoreCase(expected);
  }

  @Override
  protected String untrusted(String expected, String reason) {
    return "the server's certificate does not chain to the trust anchors: " + reason;
  }

  @Override
  protected String mismatch(String presented, String expected) {
    return "the server presented identity "
        + presented
        + ", not the expected "
        + expected
        + " (MESH_PROXY_IDENTITY_SVC_NAME)";
  }
}
