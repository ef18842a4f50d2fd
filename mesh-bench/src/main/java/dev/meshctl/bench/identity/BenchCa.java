package dev.meshctl.bench.identity;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.CaDirectory;
import dev.meshctl.identity.ca.CaGenerator;
import dev.meshctl.identity.ca.CertificationRefusedException;
import dev.meshctl.identity.ca.GeneratedCa;
import dev.meshctl.identity.ca.IssuedCertificate;
import dev.meshctl.identity.ca.LeafSigner;
import dev.meshctl.identity.ca.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A throwaway mesh CA for one benchmark run, made with mesh-identity-ca and written into the run's
 * work directory as {@code meshctl identity create-ca} writes one; it signs a leaf per proxy for a
 * key pair made here (ECDSA P-256, as the proxy makes its own), written as the PEM files of the
 * proxy's {@code MESH_PROXY_IDENTITY_*_FILE} variables. Nothing of it outlives the run's results
 * directory; no key is ever committed.
 */
public final class BenchCa {

  /** The trust domain of the bench's mesh, as a cluster's default. */
  public static final String TRUST_DOMAIN = "cluster.local";

  /** The control plane's namespace, which identity names carry. */
  public static final String CONTROL_PLANE_NAMESPACE = "meshctl-system";

  /** The namespace of the bench's workloads. */
  public static final String NAMESPACE = "bench";

  /** The client side's workload (its ServiceAccount): the outbound proxy's identity. */
  public static final String CLIENT = "bench-client";

  /** The server side's workload, the backend: the inbound proxy's identity. */
  public static final String SERVER = "backend";

  /** Long enough for any run, short enough to be obviously throwaway. */
  static final Duration LEAF_LIFETIME = Duration.ofHours(24);

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final CaDirectory directory;
  private final LeafSigner signer;

  private BenchCa(CaDirectory directory, LeafSigner signer) {
    this.directory = directory;
    this.signer = signer;
  }

  /** The identity of the workload running as {@code serviceAccount} in the bench's namespace. */
  public static IdentityName identity(String serviceAccount) {
    return new IdentityName(serviceAccount, NAMESPACE, CONTROL_PLANE_NAMESPACE, TRUST_DOMAIN);
  }

  /**
   * Makes a new CA and writes its files into {@code dir} (created when missing; an earlier CA's
   * files there are replaced).
   */
  public static BenchCa create(Path dir) throws IOException {
    Clock clock = Clock.systemUTC();
    GeneratedCa ca = new CaGenerator(clock).generate(TRUST_DOMAIN, CONTROL_PLANE_NAMESPACE);
    CaDirectory directory = new CaDirectory(dir);
    directory.write(ca, true);
    return new BenchCa(directory, new LeafSigner(ca.issuer(clock.instant()), LEAF_LIFETIME, clock));
  }

  /** The trust anchor bundle every proxy is given ({@code ca.crt}). */
  public Path trustAnchorsFile() {
    return directory.trustAnchorsFile();
  }

  /**
   * Issues a leaf for {@code identity} and writes it beside the CA: {@code <sa>.crt} (the leaf,
   * then its issuer) and {@code <sa>.key} (PKCS#8, mode 0600).
   */
  public ProxyIdentity issue(IdentityName identity) throws IOException {
    KeyPair keys = newKeyPair();
    IssuedCertificate issued;
    try {
      issued = signer.sign(identity, keys.getPublic());
    } catch (CertificationRefusedException e) {
      throw new IllegalStateException(
          "the bench CA refused " + identity + ": " + e.getMessage(), e);
    }
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(issued.leaf());
    chain.addAll(issued.intermediates());
    ProxyIdentity files = files(directory.directory(), identity);
    Files.writeString(files.certificateFile(), PemFiles.certificatesToPem(chain));
    Files.deleteIfExists(files.keyFile());
    Files.createFile(files.keyFile(), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(files.keyFile(), PemFiles.privateKeyToPem(keys.getPrivate()));
    return files;
  }

  /**
   * Where {@link #issue} writes the files of {@code identity} in a CA directory {@code dir}: for a
   * process that reads what another one issued.
   */
  public static ProxyIdentity files(Path dir, IdentityName identity) {
    return new ProxyIdentity(
        identity,
        dir.resolve(identity.serviceAccount() + ".crt"),
        dir.resolve(identity.serviceAccount() + ".key"),
        new CaDirectory(dir).trustAnchorsFile());
  }

  /** An ECDSA P-256 key pair from the JDK, the kind the mesh's CA certifies. */
  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make ECDSA P-256 keys", e);
    }
  }
}
