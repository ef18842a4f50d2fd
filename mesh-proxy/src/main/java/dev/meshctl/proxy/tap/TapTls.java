package dev.meshctl.proxy.tap;

import dev.meshctl.proxy.identity.IdentitySource;
import dev.meshctl.proxy.identity.TlsCredentials;
import dev.meshctl.proxy.tls.TrustAnchors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The tap server's TLS: TLS 1.3, the proxy's current identity certificate, and a client certificate
 * required that chains to the mesh's trust anchors. The key and trust managers read the identity
 * source at every handshake, so a renewed certificate is used by the next connection without
 * rebuilding the server. gRPC's shaded Netty does TLS here (with the JDK's implementation: tap
 * handshakes are rare), apart from the data path's.
 */
final class TapTls {

  private TapTls() {}

  static SslContext serverContext(IdentitySource identity) throws SSLException {
    SslContextBuilder builder =
        SslContextBuilder.forServer(new CurrentKeyManager(identity))
            .trustManager(new AnchorsTrustManager(identity))
            .clientAuth(ClientAuth.REQUIRE);
    return GrpcSslContexts.configure(builder, SslProvider.JDK).protocols("TLSv1.3").build();
  }

  /**
   * Offers the identity's current certificate. A handshake asks for the alias first, then the chain
   * and the key by alias: the alias names the credentials it was chosen from, so that a renewal in
   * between cannot pair one certificate with another's key.
   */
  private static final class CurrentKeyManager extends X509ExtendedKeyManager {

    private static final int REMEMBERED = 4;

    private final IdentitySource identity;
    private final Map<String, TlsCredentials> byAlias = new ConcurrentHashMap<>();

    CurrentKeyManager(IdentitySource identity) {
      this.identity = identity;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      TlsCredentials credentials = identity.current().orElse(null);
      if (credentials == null || !credentials.key().getAlgorithm().equalsIgnoreCase(keyType)) {
        return null;
      }
      String alias = "tap-" + Integer.toHexString(System.identityHashCode(credentials));
      if (byAlias.size() >= REMEMBERED && !byAlias.containsKey(alias)) {
        byAlias.clear(); // handshakes in flight over a renewal fail and are retried by the client
      }
      byAlias.put(alias, credentials);
      return alias;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return chooseEngineServerAlias(keyType, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      TlsCredentials credentials = byAlias.get(alias);
      return credentials == null ? null : credentials.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      TlsCredentials credentials = byAlias.get(alias);
      return credentials == null ? null : credentials.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      String alias = chooseEngineServerAlias(keyType, issuers, null);
      return alias == null ? null : new String[] {alias};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  /** Trusts a client whose chain leads to one of the identity's trust anchors (PKIX). */
  private static final class AnchorsTrustManager extends X509ExtendedTrustManager {

    private final IdentitySource identity;
    private volatile Anchors anchors;

    AnchorsTrustManager(IdentitySource identity) {
      this.identity = identity;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        pkix().checkClientTrusted(chain, authType);
      } catch (CertificateException e) {
        throw new CertificateException(
            "the tap client's certificate does not chain to a trust anchor of the mesh: "
                + e.getMessage(),
            e);
      }
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
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("the tap server's trust manager checks clients only");
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
    public X509Certificate[] getAcceptedIssuers() {
      try {
        return pkix().getAcceptedIssuers();
      } catch (CertificateException e) {
        return new X509Certificate[0];
      }
    }

    /** The PKIX trust manager of the current trust anchors (read once at start, so cached). */
    private X509TrustManager pkix() throws CertificateException {
      TlsCredentials credentials =
          identity
              .current()
              .orElseThrow(() -> new CertificateException("the proxy has no certificate yet"));
      Anchors cached = anchors;
      if (cached != null && cached.certificates.equals(credentials.trustAnchors())) {
        return cached.trustManager;
      }
      try {
        Anchors built =
            new Anchors(credentials.trustAnchors(), TrustAnchors.pkix(credentials.trustAnchors()));
        anchors = built;
        return built.trustManager;
      } catch (GeneralSecurityException e) {
        throw new CertificateException("cannot use the trust anchors: " + e.getMessage(), e);
      }
    }

    private record Anchors(List<X509Certificate> certificates, X509TrustManager trustManager) {}
  }
}
