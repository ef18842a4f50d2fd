package dev.meshctl.identity.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaDirectoryTest {

  @TempDir Path temp;

  private final MutableClock clock = MutableClock.now();
  private final CaGenerator generator = new CaGenerator(clock);

  @Test
  void writesEveryFile_keysReadableByTheOwnerOnly() throws Exception {
    CaDirectory directory = new CaDirectory(temp.resolve("ca"));

    var written = directory.write(generator.generate("cluster.local", "meshctl-system"), false);

    assertThat(written)
        .extracting(path -> path.getFileName().toString())
        .containsExactly(
            "ca.crt", "issuer.crt", "issuer.key", "token-signing.key", "token-signing.pub");
    assertThat(mode(directory.issuerKeyFile())).isEqualTo("rw-------");
    assertThat(mode(directory.tokenSigningKeyFile())).isEqualTo("rw-------");
    assertThat(mode(directory.trustAnchorsFile())).isEqualTo("rw-r--r--");
    assertThat(Files.readString(directory.issuerKeyFile()))
        .startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Files.readString(directory.trustAnchorsFile()))
        .startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(Files.readString(directory.tokenVerificationKeyFile()))
        .startsWith("-----BEGIN PUBLIC KEY-----\n");
    try (var left = Files.list(directory.directory())) {
      assertThat(left).as("no temporary files left behind").hasSize(5);
    }
  }

  @Test
  void readsBackWhatItWrote() throws Exception {
    GeneratedCa ca = generator.generate("example.org", "mesh");
    CaDirectory directory = new CaDirectory(temp);
    directory.write(ca, false);

    Issuer issuer = directory.readIssuer(clock.instant());

    assertThat(issuer.certificate()).isEqualTo(ca.issuerCertificate());
    assertThat(issuer.trustAnchor()).isEqualTo(ca.trustAnchor());
    assertThat(issuer.key().getEncoded()).isEqualTo(ca.issuerKey().getEncoded());
    assertThat(directory.readTrustAnchors().certificates()).containsExactly(ca.trustAnchor());
    assertThat(directory.readTokenSigningKey().getEncoded())
        .isEqualTo(ca.tokenSigningKeys().getPrivate().getEncoded());
    assertThat(directory.readTokenVerificationKey()).isEqualTo(ca.tokenSigningKeys().getPublic());
  }

  @Test
  void refusesToOverwriteAnExistingCa_unlessAsked() throws Exception {
    CaDirectory directory = new CaDirectory(temp);
    GeneratedCa first = generator.generate("cluster.local", "mesh");
    GeneratedCa second = generator.generate("cluster.local", "mesh");
    directory.write(first, false);

    assertThatThrownBy(() -> directory.write(second, false))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("ca.crt");
    assertThat(directory.readTrustAnchors().certificates()).containsExactly(first.trustAnchor());

    directory.write(second, true);
    assertThat(directory.readTrustAnchors().certificates()).containsExactly(second.trustAnchor());
    assertThat(mode(directory.issuerKeyFile())).isEqualTo("rw-------");
  }

  @Test
  void refusesWhenAnyOneFileExists_andWritesNothing() throws Exception {
    CaDirectory directory = new CaDirectory(temp);
    Files.writeString(directory.tokenSigningKeyFile(), "precious");

    assertThatThrownBy(() -> directory.write(generator.generate("cluster.local", "mesh"), false))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("token-signing.key");
    assertThat(directory.trustAnchorsFile()).doesNotExist();
    assertThat(Files.readString(directory.tokenSigningKeyFile())).isEqualTo("precious");
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
