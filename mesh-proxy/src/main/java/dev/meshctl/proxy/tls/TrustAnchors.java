package dev.meshctl.proxy.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK's PKIX check (chain, signatures, validity) against exactly the mesh's trust anchors: the
 * first half of every certificate check the proxy makes (peers, the tap client, the identity
 * service); the identity check is the caller's.
 */
public final class TrustAnchors {

  private TrustAnchors() {}

  public static X509TrustManager pkix(List<X509Certificate> anchors)
      throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    for (int i = 0; i < anchors.size(); i++) {
      store.setCertificateEntry("anchor-" + i, anchors.get(i));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager for the trust anchors");
  }
}
