package dev.meshctl.identity;

import dev.meshctl.identity.ca.CaDirectory;
import dev.meshctl.identity.ca.CaGenerator;
import dev.meshctl.identity.ca.GeneratedCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A CA made for the tests, written to a temporary directory (removed when the JVM exits), and the
 * properties that point the identity app at it.
 */
public final class TestCa {

  public static final String TRUST_DOMAIN = "cluster.local";
  public static final String CONTROL_PLANE_NAMESPACE = "meshctl-system";

  private final GeneratedCa ca;
  private final CaDirectory directory;

  private TestCa(GeneratedCa ca, CaDirectory directory) {
    this.ca = ca;
    this.directory = directory;
  }

  public static TestCa create() {
    try {
      Path dir = Files.createTempDirectory("identity-test-ca");
      GeneratedCa ca =
          new CaGenerator(Clock.systemUTC()).generate(TRUST_DOMAIN, CONTROL_PLANE_NAMESPACE);
      CaDirectory directory = new CaDirectory(dir);
      directory.write(ca, false);
      for (Path file : directory.files()) {
        file.toFile().deleteOnExit();
      }
      dir.toFile().deleteOnExit();
      return new TestCa(ca, directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public GeneratedCa ca() {
    return ca;
  }

  public CaDirectory directory() {
    return directory;
  }

  /** The mesh.identity.* properties for this CA, without the token mode. */
  public String[] properties() {
    return new String[] {
      "mesh.identity.trust-domain=" + TRUST_DOMAIN,
      "mesh.identity.control-plane-namespace=" + CONTROL_PLANE_NAMESPACE,
      "mesh.identity.trust-anchors-file=" + directory.trustAnchorsFile(),
      "mesh.identity.issuer-certificate-file=" + directory.issuerCertificateFile(),
      "mesh.identity.issuer-key-file=" + directory.issuerKeyFile(),
      "mesh.identity.token-verification-key-file=" + directory.tokenVerificationKeyFile()
    };
  }
}
