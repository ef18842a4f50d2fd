package dev.meshctl.proxy.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Who the proxy is and where its certificate comes from, from the {@code MESH_PROXY_IDENTITY_*}
 * variables: either the mesh's identity service (a key made in the process, a certificate asked for
 * with a token) or PEM files. Present in {@link ProxyConfig#identity()} only when configured;
 * without it the proxy is plaintext.
 *
 * @param localName the proxy's identity name, a DNS name in lower case, e.g. {@code
 *     web.demo.serviceaccount.identity.meshctl-system.cluster.local}
 * @param trustAnchors the trust anchors a peer's chain must lead to: a PEM file, or PEM inline
 * @param source where the certificate comes from
 */
public record IdentityConfig(
    String localName, TrustAnchors trustAnchors, CertificateSource source) {

  public IdentityConfig {
    Objects.requireNonNull(localName, "localName");
    Objects.requireNonNull(trustAnchors, "trustAnchors");
    Objects.requireNonNull(source, "source");
  }

  /**
   * Where the trust anchors come from: {@code MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE} or {@code
   * MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM}.
   */
  public sealed interface TrustAnchors permits TrustAnchorsFile, TrustAnchorsPem {

    /** How messages name them: the file's path, or the variable's name (never the PEM itself). */
    String origin();
  }

  /** A PEM bundle file of trust anchors. */
  public record TrustAnchorsFile(Path file) implements TrustAnchors {

    public TrustAnchorsFile {
      Objects.requireNonNull(file, "file");
    }

    @Override
    public String origin() {
      return file.toString();
    }
  }

  /**
   * A PEM bundle of trust anchors given inline, in {@code MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM} (a
   * ConfigMap cannot be mounted across namespaces, an environment variable can be set from it).
   *
   * @param pem one or more {@code CERTIFICATE} blocks, checked to be X.509 certificates at start
   */
  public record TrustAnchorsPem(String pem) implements TrustAnchors {

    public TrustAnchorsPem {
      Objects.requireNonNull(pem, "pem");
    }

    @Override
    public String origin() {
      return EnvironmentConfig.IDENTITY_TRUST_ANCHORS_PEM;
    }

    @Override
    public String toString() {
      return "TrustAnchorsPem[" + pem.length() + " characters]";
    }
  }

  /** Where the proxy's certificate comes from. */
  public sealed interface CertificateSource permits IdentityService, CertificateFiles {}

  /**
   * The mesh's identity service: {@code Certify} on {@code host:port}, proving the identity with
   * the token in {@code tokenFile} (re-read at every request: Kubernetes rotates projected tokens).
   *
   * @param host a DNS name (resolved by the gRPC client) or an IP literal, without brackets
   * @param serverName the identity the service must prove with its TLS certificate ({@code
   *     MESH_PROXY_IDENTITY_SVC_NAME}, lower case); empty: plaintext, the token in the clear
   */
  public record IdentityService(String host, int port, Path tokenFile, Optional<String> serverName)
      implements CertificateSource {

    public IdentityService {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(tokenFile, "tokenFile");
      Objects.requireNonNull(serverName, "serverName");
    }

    /** A plaintext identity service. */
    public IdentityService(String host, int port, Path tokenFile) {
      this(host, port, tokenFile, Optional.empty());
    }

    /** {@code host:port}, with an IPv6 host in brackets: a gRPC target. */
    public String address() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * PEM files, re-read when they change.
   *
   * @param certificateFile the certificate chain, leaf first
   * @param keyFile the leaf's private key (PKCS#8, or SEC1 {@code EC PRIVATE KEY})
   */
  public record CertificateFiles(Path certificateFile, Path keyFile) implements CertificateSource {

    public CertificateFiles {
      Objects.requireNonNull(certificateFile, "certificateFile");
      Objects.requireNonNull(keyFile, "keyFile");
    }
  }
}
