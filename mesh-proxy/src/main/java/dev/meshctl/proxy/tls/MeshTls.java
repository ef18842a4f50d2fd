package dev.meshctl.proxy.tls;

import dev.meshctl.proxy.identity.IdentitySource;
import dev.meshctl.proxy.identity.TlsCredentials;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS contexts of the mesh's mutual TLS between proxies, built from the proxy's current {@link
 * TlsCredentials}: one server context (inbound: the client must present a certificate that chains
 * to a trust anchor) and one client context per identity an endpoint must present (outbound: the
 * server's certificate must chain to a trust anchor and name exactly that identity). TLS 1.3 only,
 * ALPN {@code h2} (HTTP/1 travels between proxies as HTTP/2).
 *
 * <p>When the credentials change (a renewal), new contexts are built and used for new connections;
 * open connections keep the context they were made with until they close. BoringSSL
 * (netty-tcnative) is used when it loads, the JDK's TLS otherwise.
 */
public final class MeshTls {

  private static final Logger LOG = Logger.getLogger(MeshTls.class.getName());

  private static final String TLS_1_3 = "TLSv1.3";

  private final IdentitySource identity;
  private final SslProvider provider;
  private volatile Contexts contexts;

  private MeshTls(IdentitySource identity, SslProvider provider) {
    this.identity = identity;
    this.provider = provider;
  }

  /** TLS for the proxy whose identity comes from {@code identity}; follows its changes. */
  public static MeshTls create(IdentitySource identity) {
    MeshTls tls = new MeshTls(identity, provider());
    identity.onChange(tls::install);
    identity.current().ifPresent(tls::install);
    return tls;
  }

  /** BoringSSL when netty-tcnative loads here, else the JDK. */
  static SslProvider provider() {
    return OpenSsl.isAvailable() && SslProvider.isTlsv13Supported(SslProvider.OPENSSL)
        ? SslProvider.OPENSSL
        : SslProvider.JDK;
  }

  /** Which TLS implementation is in use ({@code OPENSSL} or {@code JDK}). */
  public SslProvider providerName() {
    return provider;
  }

  /** The proxy's own identity name. */
  public String localName() {
    return identity.localName();
  }

  /** Whether the proxy has a certificate yet (it is not ready before). */
  public boolean hasCredentials() {
    return contexts != null;
  }

  /** The credentials in force, when there are some. */
  public Optional<TlsCredentials> credentials() {
    Contexts c = contexts;
    return c == null ? Optional.empty() : Optional.of(c.credentials);
  }

  /** The inbound context, once the proxy has a certificate. */
  public Optional<SslContext> server() {
    Contexts c = contexts;
    return c == null ? Optional.empty() : Optional.of(c.server);
  }

  /**
   * The outbound context for endpoints that must present {@code expectedIdentity}.
   *
   * @throws SSLException when the proxy has no certificate yet, or the context cannot be built
   */
  public SslContext client(String expectedIdentity) throws SSLException {
    Contexts c = contexts;
    if (c == null) {
      throw new SSLException(
          "no certificate yet for " + identity.localName() + ": cannot originate mTLS");
    }
    SslContext context = c.clients.get(expectedIdentity);
    if (context != null) {
      return context;
    }
    try {
      return c.clients.computeIfAbsent(expectedIdentity, id -> c.buildClient(id));
    } catch (IllegalStateException e) {
      throw new SSLException(e.getMessage(), e.getCause());
    }
  }

  private void install(TlsCredentials credentials) {
    try {
      contexts = new Contexts(credentials, provider);
      LOG.log(
          Level.INFO,
          "TLS identity {0} in force until {1} ({2})",
          new Object[] {credentials.localName(), credentials.expiry(), provider});
    } catch (SSLException | GeneralSecurityException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "cannot use the new certificate of "
              + credentials.localName()
              + ", keeping the previous one: "
              + e.getMessage(),
          e);
    }
  }

  /** The contexts of one set of credentials. */
  private static final class Contexts {
    final TlsCredentials credentials;
    final SslProvider provider;
    final X509TrustManager anchors;
    final SslContext server;
    final Map<String, SslContext> clients = new ConcurrentHashMap<>();

    Contexts(TlsCredentials credentials, SslProvider provider)
        throws SSLException, GeneralSecurityException {
      this.credentials = credentials;
      this.provider = provider;
      this.anchors = TrustAnchors.pkix(credentials.trustAnchors());
      X509Certificate[] chain = credentials.chain().toArray(X509Certificate[]::new);
      this.server =
          SslContextBuilder.forServer(credentials.key(), chain)
              .sslProvider(provider)
              .protocols(TLS_1_3)
              .trustManager(anchors)
              .clientAuth(ClientAuth.REQUIRE)
              .applicationProtocolConfig(alpn())
              .build();
    }

    SslContext buildClient(String expectedIdentity) {
      try {
        X509Certificate[] chain = credentials.chain().toArray(X509Certificate[]::new);
        return SslContextBuilder.forClient()
            .sslProvider(provider)
            .protocols(TLS_1_3)
            .keyManager(credentials.key(), chain)
            .trustManager(new ExpectedIdentityTrustManager(anchors, expectedIdentity))
            // The trust manager checks the identity; there is no host name to check.
            .endpointIdentificationAlgorithm(null)
            .applicationProtocolConfig(alpn())
            .build();
      } catch (SSLException e) {
        throw new IllegalStateException(
            "cannot build the TLS client context for " + expectedIdentity + ": " + e.getMessage(),
            e);
      }
    }

    private static ApplicationProtocolConfig alpn() {
      return new ApplicationProtocolConfig(
          ApplicationProtocolConfig.Protocol.ALPN,
          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
          ApplicationProtocolNames.HTTP_2);
    }
  }
}
