package dev.meshctl.proxy.identity;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The proxy's TLS identity at one moment: its name, its certificate chain (leaf first, then the
 * issuers up to, not including, a trust anchor) with the private key, and the trust anchors that a
 * peer's chain must lead to. Immutable; a renewal produces a new instance.
 *
 * @param localName the proxy's identity name (the leaf's DNS SAN), e.g. {@code
 *     web.demo.serviceaccount.identity.meshctl-system.cluster.local}
 */
public record TlsCredentials(
    String localName,
    List<X509Certificate> chain,
    PrivateKey key,
    List<X509Certificate> trustAnchors) {

  public TlsCredentials {
    Objects.requireNonNull(localName, "localName");
    Objects.requireNonNull(key, "key");
    chain = List.copyOf(chain);
    trustAnchors = List.copyOf(trustAnchors);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain needs at least the leaf");
    }
    if (trustAnchors.isEmpty()) {
      throw new IllegalArgumentException("at least one trust anchor is needed");
    }
  }

  /** The leaf certificate. */
  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** When the leaf certificate expires. */
  public Instant expiry() {
    return leaf().getNotAfter().toInstant();
  }

  /** The name and the shape of the chain; never the key, nor whole certificates. */
  @Override
  public String toString() {
    return "TlsCredentials["
        + localName
        + ", valid until "
        + expiry()
        + ", chain of "
        + chain.size()
        + ", "
        + trustAnchors.size()
        + " trust anchor(s)]";
  }
}
