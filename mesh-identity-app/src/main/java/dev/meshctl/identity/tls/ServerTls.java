package dev.meshctl.identity.tls;

import dev.meshctl.identity.tls.ServerCertificate.Credentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The Certify API's server TLS: TLS 1.3 (and 1.2 for older clients) with the {@link
 * ServerCertificate}'s current certificate, read at every handshake. No client certificate is asked
 * for: a proxy asks for its first certificate before it has one, and proves who it is with its
 * token. gRPC's shaded Netty does the TLS with the JDK's implementation (handshakes are rare).
 */
public final class ServerTls {

  private ServerTls() {}

  public static SslContext context(ServerCertificate certificate) throws SSLException {
    SslContextBuilder builder =
        SslContextBuilder.forServer(new CurrentKeyManager(certificate)).clientAuth(ClientAuth.NONE);
    return GrpcSslContexts.configure(builder, SslProvider.JDK)
        .protocols("TLSv1.3", "TLSv1.2")
        .build();
  }

  /**
   * Offers the current certificate. A handshake asks for the alias first, then the chain and the
   * key by alias: the alias names the credentials it was chosen from, so that a renewal in between
   * cannot pair one certificate with another's key.
   */
  static final class CurrentKeyManager extends X509ExtendedKeyManager {

    private static final int REMEMBERED = 4;

    private final ServerCertificate certificate;
    private final Map<String, Credentials> byAlias = new ConcurrentHashMap<>();

    CurrentKeyManager(ServerCertificate certificate) {
      this.certificate = certificate;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      Credentials credentials = certificate.current();
      if (credentials == null || !credentials.key().getAlgorithm().equalsIgnoreCase(keyType)) {
        return null;
      }
      String alias = "identity-" + credentials.leaf().getSerialNumber().toString(16);
      if (byAlias.size() >= REMEMBERED && !byAlias.containsKey(alias)) {
        byAlias.clear(); // a handshake in flight over a renewal fails; the client retries
      }
      byAlias.put(alias, credentials);
      return alias;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return chooseEngineServerAlias(keyType, issuers, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      String alias = chooseEngineServerAlias(keyType, issuers, null);
      return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      Credentials credentials = byAlias.get(alias);
      return credentials == null ? null : credentials.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      Credentials credentials = byAlias.get(alias);
      return credentials == null ? null : credentials.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return null;
    }
  }
}
