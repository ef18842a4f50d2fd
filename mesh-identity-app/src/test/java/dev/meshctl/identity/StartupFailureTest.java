package dev.meshctl.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.identity.ca.CaFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

/** The app refuses to start without a usable CA, and says in one line which file and why. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

  private static final TestCa CA = TestCa.create();

  @TempDir Path temp;

  @Test
  void missingIssuerKey_namesTheFile(CapturedOutput output) {
    Path missing = temp.resolve("issuer.key");

    Throwable failure = start("mesh.identity.issuer-key-file=" + missing);

    assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
        .isInstanceOf(CaFileException.class)
        .hasMessage("issuer key " + missing + ": does not exist");
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains("Cannot load the mesh CA: issuer key " + missing + ": does not exist");
  }

  @Test
  void issuerKeyThatIsNotPem_isRefused() throws Exception {
    Path garbage = Files.writeString(temp.resolve("issuer.key"), "not a key");

    Throwable failure = start("mesh.identity.issuer-key-file=" + garbage);

    assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
        .hasMessageStartingWith("issuer key " + garbage + ": is not PEM");
  }

  @Test
  void issuerOfAnotherCa_isNotSignedByTheAnchors() {
    TestCa other = TestCa.create();

    Throwable failure =
        start(
            "mesh.identity.issuer-certificate-file=" + other.directory().issuerCertificateFile(),
            "mesh.identity.issuer-key-file=" + other.directory().issuerKeyFile());

    assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
        .hasMessageContaining("is not signed by any of the 1 trust anchor(s)");
  }

  @Test
  void missingTokenVerificationKey_inLocalMode_isRefused() {
    Path missing = temp.resolve("token-signing.pub");

    Throwable failure = start("mesh.identity.token-verification-key-file=" + missing);

    assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
        .hasMessage("token verification key " + missing + ": does not exist");
  }

  @Test
  void missingConfiguration_isRefused_namingTheProperty(CapturedOutput output) {
    Throwable failure = run(List.of("mesh.identity.token-mode=local"));

    assertThat(failure).isNotNull();
    assertThat(output.getOut() + output.getErr())
        .contains("mesh.identity.trustDomain")
        .contains("mesh.identity.issuerKeyFile")
        .contains("mesh.identity.tokenVerificationKeyFile");
  }

  @Test
  void badTrustDomain_isRefused() {
    Throwable failure = start("mesh.identity.trust-domain=Cluster.Local");

    assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
        .hasMessageContaining("trust domain 'Cluster.Local' is not a lower-case DNS name");
  }

  @Test
  void tlsServerNameOfAnotherMesh_isRefused() {
    Throwable failure =
        start(
            "mesh.identity.tls.enabled=true",
            "mesh.identity.tls.server-name="
                + "meshctl-identity.meshctl-system.serviceaccount.identity.other.cluster.local");

    assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
        .hasMessageContaining("mesh.identity.tls.server-name")
        .hasMessageContaining("is not an identity of this mesh");
  }

  @Test
  void tlsServerNameThatIsNotAnIdentity_isRefused() {
    Throwable failure = start("mesh.identity.tls.server-name=identity.meshctl-system.svc");

    assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
        .hasMessageContaining("is not of the form <sa>.<ns>.serviceaccount.identity");
  }

  /** Starts with the test CA in local mode, with {@code overrides} replacing its properties. */
  private static Throwable start(String... overrides) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String property : CA.properties()) {
      put(properties, property);
    }
    put(properties, "mesh.identity.token-mode=local");
    for (String property : overrides) {
      put(properties, property);
    }
    List<String> asArguments = new ArrayList<>();
    properties.forEach((key, value) -> asArguments.add(key + "=" + value));
    return run(asArguments);
  }

  private static void put(Map<String, String> properties, String property) {
    String[] keyAndValue = property.split("=", 2);
    properties.put(keyAndValue[0], keyAndValue[1]);
  }

  private static Throwable run(List<String> properties) {
    List<String> args = new ArrayList<>();
    args.add("--mesh.identity.grpc-port=0");
    for (String property : properties) {
      args.add("--" + property);
    }
    SpringApplication app = new SpringApplication(IdentityApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    return assertThatThrownBy(() -> app.run(args.toArray(String[]::new)).close()).actual();
  }
}
