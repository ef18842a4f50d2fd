package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.identity.ca.CaDirectory;
import dev.meshctl.identity.ca.Fingerprints;
import dev.meshctl.identity.ca.Issuer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateCaCommandTest {

  @TempDir Path temp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Meshctl.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void writesAValidCa_andPrintsTheFilesTheFingerprintAndTheExpiry() throws Exception {
    Path dir = temp.resolve("ca");

    assertThat(
            run(
                "identity",
                "create-ca",
                "--trust-domain",
                "cluster.local",
                "--out",
                dir.toString()))
        .isEqualTo(ExitCodes.OK);

    CaDirectory ca = new CaDirectory(dir);
    Issuer issuer = ca.readIssuer(Instant.now());
    assertThat(issuer.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=identity.meshctl-system.cluster.local");
    assertThat(issuer.trustAnchor().getSubjectX500Principal().getName())
        .isEqualTo("CN=root.cluster.local");
    assertThat(ca.readTokenVerificationKey()).isNotNull();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.issuerKeyFile())))
        .isEqualTo("rw-------");
    assertThat(out.toString())
        .startsWith("Created a mesh CA for trust domain cluster.local in " + dir + ":\n")
        .contains("ca.crt", "issuer.crt", "issuer.key", "token-signing.key", "token-signing.pub")
        .contains("Trust anchor SHA-256 fingerprint: " + Fingerprints.sha256(issuer.trustAnchor()))
        .contains("Trust anchor expires: " + issuer.trustAnchor().getNotAfter().toInstant());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void takesTheControlPlaneNamespace_andLifetimes() throws Exception {
    Path dir = temp.resolve("ca");

    assertThat(
            run(
                "identity",
                "create-ca",
                "--trust-domain=example.org",
                "--control-plane-namespace=mesh",
                "--issuer-lifetime=48h",
                "--out=" + dir))
        .isEqualTo(ExitCodes.OK);

    Issuer issuer = new CaDirectory(dir).readIssuer(Instant.now());
    assertThat(issuer.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=identity.mesh.example.org");
    assertThat(Duration.between(Instant.now(), issuer.expiry()))
        .isBetween(Duration.ofHours(47), Duration.ofHours(48));
  }

  @Test
  void asJson() {
    Path dir = temp.resolve("ca");

    assertThat(
            run(
                "identity",
                "create-ca",
                "--trust-domain=cluster.local",
                "--out=" + dir,
                "-o",
                "json"))
        .isEqualTo(ExitCodes.OK);

    assertThat(out.toString())
        .startsWith("{\"directory\":\"" + dir.toAbsolutePath() + "\",\"files\":[")
        .contains("\"trustAnchorSha256\":\"")
        .contains("\"issuerNotAfter\":\"")
        .endsWith("}\n");
  }

  @Test
  void directoryWithFiles_isAUsageError_withoutForce() throws Exception {
    Files.writeString(temp.resolve("notes.txt"), "mine");

    assertThat(run("identity", "create-ca", "--trust-domain=cluster.local", "--out=" + temp))
        .isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString())
        .isEqualTo(
            "Error: "
                + temp
                + " already holds files (notes.txt); choose an empty or new directory, or pass"
                + " --force to replace the CA files\n");
    assertThat(temp.resolve("ca.crt")).doesNotExist();
  }

  @Test
  void force_replacesAnEarlierCa() throws Exception {
    run("identity", "create-ca", "--trust-domain=cluster.local", "--out=" + temp);
    var first = new CaDirectory(temp).readTrustAnchors().certificates();

    assertThat(
            run(
                "identity",
                "create-ca",
                "--trust-domain=cluster.local",
                "--out=" + temp,
                "--force"))
        .isEqualTo(ExitCodes.OK);

    assertThat(new CaDirectory(temp).readTrustAnchors().certificates())
        .doesNotContainAnyElementsOf(first);
  }

  @Test
  void unwritableDirectory_failsWithAMessage() throws Exception {
    Path file = Files.writeString(temp.resolve("a-file"), "");

    assertThat(
            run(
                "identity",
                "create-ca",
                "--trust-domain=cluster.local",
                "--out=" + file.resolve("ca")))
        .isEqualTo(ExitCodes.FAILED);

    assertThat(err.toString())
        .startsWith("Error: cannot write the CA to " + file.resolve("ca") + ": ");
    assertThat(err.toString()).doesNotContain("Internal error").doesNotContain("\tat ");
  }

  @Test
  void outThatIsAFile_isAUsageError() throws Exception {
    Path file = Files.writeString(temp.resolve("a-file"), "");

    assertThat(run("identity", "create-ca", "--trust-domain=cluster.local", "--out=" + file))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("exists and is not a directory");
  }

  @Test
  void badTrustDomain_isAUsageError_thatSaysWhy() {
    assertThat(
            run(
                "identity",
                "create-ca",
                "--trust-domain=Cluster.Local",
                "--out=" + temp.resolve("x")))
        .isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString())
        .contains("trust domain 'Cluster.Local' is not a lower-case DNS name");
  }

  @Test
  void missingTrustDomain_isAUsageError() {
    assertThat(run("identity", "create-ca", "--out=" + temp)).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString()).contains("Missing required option: '--trust-domain");
  }
}
