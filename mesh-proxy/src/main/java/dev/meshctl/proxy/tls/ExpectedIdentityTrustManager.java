package dev.meshctl.proxy.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts a server whose chain leads to one of the mesh's trust anchors (PKIX, expiry included)
 * <em>and</em> whose certificate names exactly the identity the destination said the endpoint must
 * have. This replaces a hostname check: an endpoint is addressed by IP, and what matters is who it
 * is, not what it is called. The identity service's client ({@code
 * identity.IdentityServiceTrustManager}) makes the same two checks and only words them for its log.
 */
public class ExpectedIdentityTrustManager extends X509ExtendedTrustManager {

  /** Marks the failure of the identity check, so that it can be told from other TLS failures. */
  public static final class IdentityMismatchException extends CertificateException {
    IdentityMismatchException(String message) {
      super(message);
    }
  }

  private final X509TrustManager anchors;
  private final String expected;

  protected ExpectedIdentityTrustManager(X509TrustManager anchors, String expected) {
    this.anchors = anchors;
    this.expected = expected;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      anchors.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw new CertificateException(untrusted(expected, e.getMessage()), e);
    }
    Optional<String> presented = chain.length == 0 ? Optional.empty() : PeerIdentity.of(chain[0]);
    if (presented.isEmpty() || !matches(presented.get(), expected)) {
      throw new IdentityMismatchException(mismatch(presented.orElse("(none)"), expected));
    }
  }

  /** Whether the presented identity is the expected one. */
  protected boolean matches(String presented, String expected) {
    return presented.equals(expected);
  }

  /** The message when the chain does not lead to a trust anchor. */
  protected String untrusted(String expected, String reason) {
    return "the endpoint's certificate is not trusted (expected identity "
        + expected
        + "): "
        + reason;
  }

  /** The message when the certificate names another identity, or none. */
  protected String mismatch(String presented, String expected) {
    return "the endpoint presented identity " + presented + ", expected " + expected;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a client-side trust manager does not check clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return anchors.getAcceptedIssuers();
  }
}
