package dev.meshctl.proxy.identity;

import dev.meshctl.proxy.tls.PeerIdentity;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts the identity service when its chain leads to one of the proxy's trust anchors (PKIX,
 * expiry included) <em>and</em> its certificate's identity (first DNS SAN) is exactly the expected
 * one, {@code MESH_PROXY_IDENTITY_SVC_NAME}. This replaces the host name check: the channel is
 * addressed by the Service's host name, but what matters is the identity the service proves, as
 * Linkerd's proxy checks {@code LINKERD2_PROXY_IDENTITY_SVC_NAME}. Messages say which check failed,
 * for the proxy's log.
 */
final class IdentityServiceTrustManager extends X509ExtendedTrustManager {

  private final X509TrustManager anchors;
  private final String expected;

  private IdentityServiceTrustManager(X509TrustManager anchors, String expected) {
    this.anchors = anchors;
    this.expected = expected;
  }

  /** Trusting exactly {@code anchors}, and only a certificate for {@code expected}. */
  static IdentityServiceTrustManager of(List<X509Certificate> anchors, String expected) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        store.setCertificateEntry("anchor-" + i, anchors.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return new IdentityServiceTrustManager(x509, expected);
        }
      }
      throw new IllegalStateException("the JDK's PKIX trust manager factory made no X.509 one");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the trust anchors: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      anchors.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw new CertificateException(
          "the server's certificate does not chain to the trust anchors: " + e.getMessage(), e);
    }
    Optional<String> presented = chain.length == 0 ? Optional.empty() : PeerIdentity.of(chain[0]);
    if (presented.isEmpty() || !presented.get().equalsIgnoreCase(expected)) {
      throw new CertificateException(
          "the server presented identity "
              + presented.orElse("(none)")
              + ", not the expected "
              + expected
              + " (MESH_PROXY_IDENTITY_SVC_NAME)");
    }
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
