package dev.meshctl.identity;

import dev.meshctl.api.IdentityName;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The identity service's configuration, under {@code mesh.identity} (environment variables {@code
 * MESH_IDENTITY_*}). The CA files have no default: on Kubernetes they are a mounted Secret, locally
 * the directory {@code meshctl identity create-ca} wrote.
 *
 * @param trustDomain the mesh's trust domain, e.g. {@code cluster.local}
 * @param controlPlaneNamespace namespace of the control plane; part of every identity name
 * @param grpcPort port of the Certify gRPC API (0 picks a free one)
 * @param trustAnchorsFile PEM bundle of the trust anchors (several during an anchor rotation)
 * @param issuerCertificateFile PEM issuer certificate, then any further intermediates
 * @param issuerKeyFile PEM private key of the issuer
 * @param leafLifetime how long an issued certificate is valid
 * @param tokenMode how a caller's token is checked
 * @param tokenVerificationKeyFile local mode: PEM public key that verifies bootstrap tokens
 * @param tokenAudience kubernetes mode: the audience ServiceAccount tokens must be issued for
 * @param tls whether the Certify API serves TLS, and for which name
 */
@ConfigurationProperties("mesh.identity")
@Validated
record IdentityProperties(
    @NotBlank String trustDomain,
    @DefaultValue("meshctl-system") @NotBlank String controlPlaneNamespace,
    @DefaultValue("8080") @Min(0) @Max(65535) int grpcPort,
    @NotNull Path trustAnchorsFile,
    @NotNull Path issuerCertificateFile,
    @NotNull Path issuerKeyFile,
    @DefaultValue("24h") @NotNull Duration leafLifetime,
    @NotNull TokenMode tokenMode,
    Path tokenVerificationKeyFile,
    @DefaultValue("identity.meshctl.dev") @NotBlank String tokenAudience,
    @DefaultValue @NotNull Tls tls) {

  /** The service account of the identity app itself, whose identity it serves TLS as. */
  static final String SERVICE_ACCOUNT = "meshctl-identity";

  /**
   * TLS on the Certify API, under {@code mesh.identity.tls}: off by default (plaintext, as before).
   *
   * @param enabled serve TLS with a certificate the app issues to itself
   * @param serverName the identity name that certificate carries; null for the default, the
   *     identity of the ServiceAccount {@value #SERVICE_ACCOUNT} in the control-plane namespace
   */
  record Tls(@DefaultValue("false") boolean enabled, String serverName) {}

  /** How the token in a Certify request is checked. */
  enum TokenMode {
    /** Bootstrap tokens signed by the CA directory's token-signing key (the local mesh). */
    LOCAL,
    /** ServiceAccount tokens, checked with a Kubernetes TokenReview. */
    KUBERNETES
  }

  IdentityProperties {
    if (trustDomain != null && controlPlaneNamespace != null) {
      IdentityName.requireMesh(controlPlaneNamespace, trustDomain);
      if (tls != null && tls.serverName() != null) {
        IdentityName name = IdentityName.parseDnsName(tls.serverName());
        if (!name.isOfMesh(controlPlaneNamespace, trustDomain)) {
          throw new IllegalArgumentException(
              "mesh.identity.tls.server-name '"
                  + tls.serverName()
                  + "' is not an identity of this mesh (*.serviceaccount.identity."
                  + controlPlaneNamespace
                  + "."
                  + trustDomain
                  + ")");
        }
      }
    }
  }

  /**
   * The identity the Certify API's TLS certificate names: {@code mesh.identity.tls.server-name},
   * else {@code meshctl-identity.<ns>.serviceaccount.identity.<ns>.<trust-domain>}.
   */
  IdentityName tlsServerName() {
    return tls.serverName() != null
        ? IdentityName.parseDnsName(tls.serverName())
        : new IdentityName(
            SERVICE_ACCOUNT, controlPlaneNamespace, controlPlaneNamespace, trustDomain);
  }

  @AssertTrue(message = "is required when mesh.identity.token-mode is local")
  boolean isTokenVerificationKeyFile() {
    return tokenMode != TokenMode.LOCAL || tokenVerificationKeyFile != null;
  }

  @AssertTrue(message = "must be positive")
  boolean isLeafLifetime() {
    return leafLifetime == null || (!leafLifetime.isNegative() && !leafLifetime.isZero());
  }
}
