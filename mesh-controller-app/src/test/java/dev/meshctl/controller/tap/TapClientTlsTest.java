package dev.meshctl.controller.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TapClientTlsTest {

  private final TestCertificates certificates = new TestCertificates();

  @TempDir Path folder;

  @Test
  void filesAreReadOnce_andAgainWhenOneChanged() throws Exception {
    List<Path> files =
        certificates.write(certificates.leaf("meshctl-controller", "meshctl-system"), folder);
    TapClientTls tls = new TapClientTls(new TapTlsFiles(files.get(0), files.get(1), files.get(2)));

    SslContext first = tls.context();
    assertThat(tls.context()).isSameAs(first);

    certificates.write(certificates.leaf("meshctl-controller", "meshctl-system"), folder);
    Files.setLastModifiedTime(files.get(0), FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(tls.context()).isNotSameAs(first);
  }

  @Test
  void aMissingOrWrongFile_isNamedWithItsSetting() throws Exception {
    List<Path> files =
        certificates.write(certificates.leaf("meshctl-controller", "meshctl-system"), folder);

    assertUnavailable(
        new TapTlsFiles(folder.resolve("nope.crt"), files.get(1), files.get(2)),
        "mesh.tap.tls.cert-file " + folder.resolve("nope.crt") + ": no such file");
    assertUnavailable(
        new TapTlsFiles(files.get(0), files.get(0), files.get(2)),
        "mesh.tap.tls.key-file " + files.get(0) + ": must hold exactly one PKCS#8 PRIVATE KEY");
    assertUnavailable(
        new TapTlsFiles(files.get(0), files.get(1), files.get(1)),
        "mesh.tap.tls.trust-anchors-file " + files.get(1) + ": holds no CERTIFICATE block");
  }

  private static void assertUnavailable(TapTlsFiles files, String message) {
    assertThatThrownBy(() -> new TapClientTls(files).context())
        .isInstanceOfSatisfying(
            TapRequestException.class,
            e -> assertThat(e.reason()).isEqualTo(TapRequestException.Reason.UNAVAILABLE))
        .hasMessageStartingWith("the controller cannot tap: " + message);
  }
}
