package dev.meshctl.bench.identity;

import dev.meshctl.api.IdentityName;
import java.nio.file.Path;
import java.util.Map;

/**
 * One proxy's identity as files: its leaf certificate chain, its private key and the mesh's trust
 * anchors, as the proxy's {@code MESH_PROXY_IDENTITY_*} variables name them.
 *
 * @param certificateFile the leaf, then its issuer (PEM)
 * @param keyFile the leaf's private key (PKCS#8 PEM)
 * @param trustAnchorsFile the mesh's trust anchor bundle (PEM)
 */
public record ProxyIdentity(
    IdentityName name, Path certificateFile, Path keyFile, Path trustAnchorsFile) {

  /**
   * The DNS form of the name: what the certificate carries and a destination's {@code identity}.
   */
  public String dnsName() {
    return name.dnsName();
  }

  /** The variables that give a proxy this identity from files (mesh-proxy/README.md, Identity). */
  public Map<String, String> environment() {
    return Map.of(
        "MESH_PROXY_IDENTITY_LOCAL_NAME", dnsName(),
        "MESH_PROXY_IDENTITY_CERT_FILE", certificateFile.toString(),
        "MESH_PROXY_IDENTITY_KEY_FILE", keyFile.toString(),
        "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", trustAnchorsFile.toString());
  }
}
