package dev.meshctl.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.meshctl.proxy.config.IdentityConfig.CertificateFiles;
import dev.meshctl.proxy.config.IdentityConfig.IdentityService;
import dev.meshctl.proxy.config.IdentityConfig.TrustAnchorsFile;
import dev.meshctl.proxy.config.IdentityConfig.TrustAnchorsPem;
import dev.meshctl.proxy.testing.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code MESH_PROXY_IDENTITY_*} variables and {@code
 * MESH_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY}.
 */
class IdentityEnvironmentConfigTest {

  private static final String NAME =
      "web.demo.serviceaccount.identity.meshctl-system.cluster.local";

  @TempDir Path dir;
  private String anchors;
  private String token;
  private String cert;
  private String key;

  @BeforeEach
  void files() throws IOException {
    // The configuration only checks that the files are readable; their content is the sources'.
    anchors = Files.writeString(dir.resolve("ca.pem"), "anchors").toString();
    token = Files.writeString(dir.resolve("token"), "token").toString();
    cert = Files.writeString(dir.resolve("cert.pem"), "cert").toString();
    key = Files.writeString(dir.resolve("key.pem"), "key").toString();
  }

  private static ProxyConfig parse(String... keysAndValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      env.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return EnvironmentConfig.parse(env, 8);
  }

  private static ThrowableAssertAlternative<ConfigException> assertRejected(
      String... keysAndValues) {
    return assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> parse(keysAndValues));
  }

  private ProxyConfig parseService(String address) {
    return parse(
        "MESH_PROXY_IDENTITY_SVC_ADDR", address,
        "MESH_PROXY_IDENTITY_TOKEN_FILE", token,
        "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", anchors,
        "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME);
  }

  private ProxyConfig parseFilesWithName(String name) {
    return parse(
        "MESH_PROXY_IDENTITY_CERT_FILE", cert,
        "MESH_PROXY_IDENTITY_KEY_FILE", key,
        "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", anchors,
        "MESH_PROXY_IDENTITY_LOCAL_NAME", name);
  }

  @Test
  void noIdentityVariable_meansAPlaintextProxy() {
    ProxyConfig config = parse();

    assertThat(config.identity()).isEmpty();
    assertThat(config.inboundPortsRequireIdentity()).isEmpty();
  }

  @Test
  void blankIdentityVariables_countAsUnset() {
    assertThat(
            parse("MESH_PROXY_IDENTITY_LOCAL_NAME", " ", "MESH_PROXY_IDENTITY_SVC_ADDR", "")
                .identity())
        .isEmpty();
  }

  @Test
  void identityService_isReadWithItsTokenAndAnchors() {
    IdentityConfig identity =
        parseService("mesh-identity.meshctl-system.svc.cluster.local:8080")
            .identity()
            .orElseThrow();

    assertThat(identity)
        .isEqualTo(
            new IdentityConfig(
                NAME,
                new TrustAnchorsFile(Path.of(anchors)),
                new IdentityService(
                    "mesh-identity.meshctl-system.svc.cluster.local", 8080, Path.of(token))));
  }

  @Test
  void identityServiceWithoutAName_isPlaintext() {
    IdentityService service =
        (IdentityService) parseService("mesh-identity:8080").identity().orElseThrow().source();

    assertThat(service.serverName()).isEmpty();
  }

  @Test
  void identityServiceName_isKeptLowerCased_forTls() {
    IdentityService service =
        (IdentityService)
            parse(
                    "MESH_PROXY_IDENTITY_SVC_ADDR", "mesh-identity:8080",
                    "MESH_PROXY_IDENTITY_SVC_NAME",
                        "MeshCtl-Identity.meshctl-system.serviceaccount.identity.meshctl-system"
                            + ".cluster.local",
                    "MESH_PROXY_IDENTITY_TOKEN_FILE", token,
                    "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", anchors,
                    "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME)
                .identity()
                .orElseThrow()
                .source();

    assertThat(service.serverName())
        .contains(
            "meshctl-identity.meshctl-system.serviceaccount.identity.meshctl-system.cluster.local");
  }

  @Test
  void identityServiceName_withoutTheAddress_isRejectedNamingBoth() {
    assertRejected("MESH_PROXY_IDENTITY_SVC_NAME", "meshctl-identity.cluster.local")
        .withMessage(
            "MESH_PROXY_IDENTITY_SVC_NAME=\"meshctl-identity.cluster.local\": expected nothing"
                + " unless MESH_PROXY_IDENTITY_SVC_ADDR is set too: it is the identity the identity"
                + " service at that address must prove with its TLS certificate");
  }

  @Test
  void identityServiceName_withCertificateFiles_isRejectedNamingBoth() {
    assertRejected(
            "MESH_PROXY_IDENTITY_SVC_NAME", "meshctl-identity.cluster.local",
            "MESH_PROXY_IDENTITY_CERT_FILE", cert,
            "MESH_PROXY_IDENTITY_KEY_FILE", key,
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", anchors,
            "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME)
        .withMessageContaining("MESH_PROXY_IDENTITY_SVC_NAME")
        .withMessageContaining("unless MESH_PROXY_IDENTITY_SVC_ADDR is set too");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "meshctl_identity.cluster.local | 'meshctl_identity' has a character other than a letter,"
            + " a digit or '-'",
        "10.0.0.1 | an IP address is not a DNS name",
        "identity.cluster.local. | it ends with a dot",
      })
  void identityServiceNameThatIsNotADnsName_isRejectedSayingWhy(String name, String reason) {
    assertRejected(
            "MESH_PROXY_IDENTITY_SVC_ADDR", "mesh-identity:8080",
            "MESH_PROXY_IDENTITY_SVC_NAME", name,
            "MESH_PROXY_IDENTITY_TOKEN_FILE", token,
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", anchors,
            "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME)
        .withMessage(
            "MESH_PROXY_IDENTITY_SVC_NAME=\""
                + name
                + "\": expected the identity service's identity, a DNS name such as"
                + " meshctl-identity.meshctl-system.serviceaccount.identity.meshctl-system"
                + ".cluster.local ("
                + reason
                + ")");
  }

  @Test
  void misspeltIdentityServiceName_isAnUnknownVariable_pointingAtIt() {
    assertRejected("MESH_PROXY_IDENTITY_SVC_NAMES", "x")
        .withMessageContaining("unknown variable; did you mean MESH_PROXY_IDENTITY_SVC_NAME");
  }

  @Test
  void certificateFiles_areReadWithTheAnchors() {
    IdentityConfig identity = parseFilesWithName(NAME).identity().orElseThrow();

    assertThat(identity)
        .isEqualTo(
            new IdentityConfig(
                NAME,
                new TrustAnchorsFile(Path.of(anchors)),
                new CertificateFiles(Path.of(cert), Path.of(key))));
  }

  @Test
  void localName_isLowerCased() {
    assertThat(parseFilesWithName("Web.Demo.Cluster.Local").identity().orElseThrow().localName())
        .isEqualTo("web.demo.cluster.local");
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.7:8080, 10.0.0.7, 8080",
    "'[::1]:8080', 0:0:0:0:0:0:0:1, 8080",
    "mesh-identity:8080, mesh-identity, 8080",
    "mesh-identity.meshctl-system.svc.cluster.local.:443, mesh-identity.meshctl-system.svc.cluster.local., 443",
  })
  void identityServiceAddress_isAHostNameOrIpAndPort(String address, String host, int port) {
    IdentityService service =
        (IdentityService) parseService(address).identity().orElseThrow().source();

    assertThat(service.host()).isEqualTo(host);
    assertThat(service.port()).isEqualTo(port);
  }

  @Test
  void ipv6IdentityServiceAddress_isAGrpcTargetInBrackets() {
    IdentityService service =
        (IdentityService) parseService("[::1]:8080").identity().orElseThrow().source();

    assertThat(service.address()).isEqualTo("[0:0:0:0:0:0:0:1]:8080");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "mesh-identity | the port is missing; write host:port",
        "mesh-identity:0 | the port '0' is not a number from 1 to 65535",
        "mesh-identity:grpc | the port 'grpc' is not a number from 1 to 65535",
        "mesh_identity:8080 | the host name: 'mesh_identity' has a character other than a letter,"
            + " a digit or '-'",
        "::1:8080 | IPv6 addresses must be in brackets, as in [::1]:8080",
        "10.0.0.300:8080 | '10.0.0.300' is not an IPv4 address",
        ":8080 | the host name: it has an empty label",
      })
  void badIdentityServiceAddress_isRejectedSayingWhy(String address, String reason) {
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> parseService(address))
        .withMessage(
            "MESH_PROXY_IDENTITY_SVC_ADDR=\""
                + address
                + "\": expected a host name or IP address and port such as"
                + " mesh-identity.meshctl-system.svc.cluster.local:8080 ("
                + reason
                + ")");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "web_demo.cluster.local | 'web_demo' has a character other than a letter, a digit or '-'",
        "-web.cluster.local | the label '-web' starts or ends with '-'",
        "web-.cluster.local | the label 'web-' starts or ends with '-'",
        "web..cluster.local | it has an empty label",
        "web.cluster.local. | it ends with a dot",
        "10.0.0.1 | an IP address is not a DNS name",
        "*.cluster.local | '*' has a character other than a letter, a digit or '-'",
        "spiffe://cluster.local/ns/demo/sa/web | 'spiffe://cluster' has a character other than a"
            + " letter, a digit or '-'",
      })
  void localNameThatIsNotADnsName_isRejectedSayingWhy(String name, String reason) {
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> parseFilesWithName(name))
        .withMessage(
            "MESH_PROXY_IDENTITY_LOCAL_NAME=\""
                + name
                + "\": expected a DNS name such as"
                + " web.demo.serviceaccount.identity.meshctl-system.cluster.local ("
                + reason
                + ")");
  }

  @Test
  void localNameWithOverlongParts_isRejected() {
    String longLabel = "a".repeat(64);
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> parseFilesWithName(longLabel + ".cluster.local"))
        .withMessageEndingWith("(the label '" + longLabel + "' is longer than 63 characters)");
    String longName = ("a".repeat(60) + ".").repeat(5) + "local";
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> parseFilesWithName(longName))
        .withMessageEndingWith("(it is longer than 253 characters)");
  }

  @Test
  void serviceAndFilesTogether_areRejectedAsConflicting() {
    assertRejected(
            "MESH_PROXY_IDENTITY_SVC_ADDR", "mesh-identity:8080",
            "MESH_PROXY_IDENTITY_TOKEN_FILE", token,
            "MESH_PROXY_IDENTITY_CERT_FILE", cert,
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", anchors,
            "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME)
        .withMessage(
            "conflicting identity settings: MESH_PROXY_IDENTITY_SVC_ADDR,"
                + " MESH_PROXY_IDENTITY_TOKEN_FILE and MESH_PROXY_IDENTITY_CERT_FILE are set, but"
                + " the certificate comes either from the identity service"
                + " (MESH_PROXY_IDENTITY_SVC_ADDR and MESH_PROXY_IDENTITY_TOKEN_FILE) or from files"
                + " (MESH_PROXY_IDENTITY_CERT_FILE and MESH_PROXY_IDENTITY_KEY_FILE), not both");
  }

  @Test
  void identityServiceWithoutToken_isRejectedListingWhatIsMissing() {
    assertRejected(
            "MESH_PROXY_IDENTITY_SVC_ADDR",
            "mesh-identity:8080",
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE",
            anchors)
        .withMessage(
            "incomplete identity settings: MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE and"
                + " MESH_PROXY_IDENTITY_SVC_ADDR are set, so the certificate comes from the"
                + " identity service, which also needs MESH_PROXY_IDENTITY_LOCAL_NAME and"
                + " MESH_PROXY_IDENTITY_TOKEN_FILE");
  }

  @Test
  void certificateWithoutKey_isRejectedListingWhatIsMissing() {
    assertRejected(
            "MESH_PROXY_IDENTITY_CERT_FILE", cert,
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", anchors,
            "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME)
        .withMessage(
            "incomplete identity settings: MESH_PROXY_IDENTITY_LOCAL_NAME,"
                + " MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE and MESH_PROXY_IDENTITY_CERT_FILE are"
                + " set, so the certificate comes from files, which also needs"
                + " MESH_PROXY_IDENTITY_KEY_FILE");
  }

  @Test
  void nameWithoutACertificateSource_isRejectedListingBothChoices() {
    assertRejected("MESH_PROXY_IDENTITY_LOCAL_NAME", NAME)
        .withMessage(
            "incomplete identity settings: MESH_PROXY_IDENTITY_LOCAL_NAME is set, but not where"
                + " the certificate comes from: set MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE (or"
                + " MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM), MESH_PROXY_IDENTITY_SVC_ADDR and"
                + " MESH_PROXY_IDENTITY_TOKEN_FILE (from the identity service), or"
                + " MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE (or MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM),"
                + " MESH_PROXY_IDENTITY_CERT_FILE and MESH_PROXY_IDENTITY_KEY_FILE (from files)");
  }

  @Test
  void missingIdentityFile_isRejectedNamingTheVariable() {
    String missing = dir.resolve("nope.pem").toString();

    assertRejected(
            "MESH_PROXY_IDENTITY_CERT_FILE", cert,
            "MESH_PROXY_IDENTITY_KEY_FILE", missing,
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", anchors,
            "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME)
        .withMessage(
            "MESH_PROXY_IDENTITY_KEY_FILE=\""
                + missing
                + "\": expected the path of a readable PEM file of a private key (it does not"
                + " exist)");
  }

  @Test
  void tokenFileThatIsADirectory_isRejected() {
    assertRejected(
            "MESH_PROXY_IDENTITY_SVC_ADDR",
            "mesh-identity:8080",
            "MESH_PROXY_IDENTITY_TOKEN_FILE",
            dir.toString(),
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE",
            anchors,
            "MESH_PROXY_IDENTITY_LOCAL_NAME",
            NAME)
        .withMessage(
            "MESH_PROXY_IDENTITY_TOKEN_FILE=\""
                + dir
                + "\": expected the path of a readable token file (it is not a regular file)");
  }

  @Test
  void missingTrustAnchors_isRejected() {
    String missing = dir.resolve("nope.pem").toString();

    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(
            () ->
                parse(
                    "MESH_PROXY_IDENTITY_CERT_FILE", cert,
                    "MESH_PROXY_IDENTITY_KEY_FILE", key,
                    "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", missing,
                    "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME))
        .withMessage(
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE=\""
                + missing
                + "\": expected the path of a readable PEM file of trust anchors (it does not"
                + " exist)");
  }

  // Trust anchors inline (MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM)

  @Test
  void trustAnchorsPem_takesTheFilesPlace_withCertificateFiles() {
    String pem = TestCa.create("cluster.local").anchorsPem();

    IdentityConfig identity =
        parse(
                "MESH_PROXY_IDENTITY_CERT_FILE", cert,
                "MESH_PROXY_IDENTITY_KEY_FILE", key,
                "MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM", pem,
                "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME)
            .identity()
            .orElseThrow();

    assertThat(identity)
        .isEqualTo(
            new IdentityConfig(
                NAME,
                new TrustAnchorsPem(pem.trim()),
                new CertificateFiles(Path.of(cert), Path.of(key))));
    assertThat(identity.trustAnchors().origin()).isEqualTo("MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM");
    assertThat(identity.toString()).doesNotContain("BEGIN CERTIFICATE");
  }

  @Test
  void trustAnchorsPem_takesTheFilesPlace_withTheIdentityService() {
    String pem = TestCa.create("cluster.local").anchorsPem();

    IdentityConfig identity =
        parse(
                "MESH_PROXY_IDENTITY_SVC_ADDR", "mesh-identity:8080",
                "MESH_PROXY_IDENTITY_TOKEN_FILE", token,
                "MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM", pem,
                "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME)
            .identity()
            .orElseThrow();

    assertThat(identity.trustAnchors()).isEqualTo(new TrustAnchorsPem(pem.trim()));
    assertThat(identity.source())
        .isEqualTo(new IdentityService("mesh-identity", 8080, Path.of(token)));
  }

  @Test
  void trustAnchorsFileAndPem_together_areRejectedNamingBoth() {
    assertRejected(
            "MESH_PROXY_IDENTITY_CERT_FILE", cert,
            "MESH_PROXY_IDENTITY_KEY_FILE", key,
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", anchors,
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM", TestCa.create("cluster.local").anchorsPem(),
            "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME)
        .withMessage(
            "conflicting identity settings: MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE and"
                + " MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM are both set, but the trust anchors come"
                + " either from a file or inline, not both: unset one of them");
  }

  @Test
  void trustAnchorsPemWithoutASource_isRejectedListingWhatIsMissing() {
    assertRejected(
            "MESH_PROXY_IDENTITY_SVC_ADDR",
            "mesh-identity:8080",
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM",
            TestCa.create("cluster.local").anchorsPem())
        .withMessage(
            "incomplete identity settings: MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM and"
                + " MESH_PROXY_IDENTITY_SVC_ADDR are set, so the certificate comes from the"
                + " identity service, which also needs MESH_PROXY_IDENTITY_LOCAL_NAME and"
                + " MESH_PROXY_IDENTITY_TOKEN_FILE");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "secret-looking-value-not-a-pem | it has no -----BEGIN CERTIFICATE----- line",
        "-----BEGIN CERTIFICATE-----\\nc2VjcmV0LWxvb2tpbmc=\\n-----END CERTIFICATE-----"
            + " | its certificates cannot be read: ",
        "-----BEGIN PRIVATE KEY-----\\nc2VjcmV0LWxvb2tpbmc=\\n-----END PRIVATE KEY-----\\n"
            + "-----BEGIN CERTIFICATE-----\\n | it holds a private key, which must never be among"
            + " the trust anchors",
      })
  void badTrustAnchorsPem_isRejectedNamingTheVariable_neverShowingTheValue(
      String escaped, String problem) {
    String value = escaped.replace("\\n", "\n");

    assertRejected(
            "MESH_PROXY_IDENTITY_CERT_FILE", cert,
            "MESH_PROXY_IDENTITY_KEY_FILE", key,
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM", value,
            "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME)
        .withMessageStartingWith(
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM (a value of "
                + value.trim().length()
                + " characters, not shown): expected the trust anchors as PEM, one or more"
                + " -----BEGIN CERTIFICATE----- blocks ("
                + problem)
        .withMessageNotContaining("secret-looking")
        .withMessageNotContaining("c2VjcmV0LWxvb2tpbmc");
  }

  // Inbound ports that require identity

  @Test
  void inboundPortsRequireIdentity_areParsedAsPortsAndRanges() {
    ProxyConfig config =
        parse(
            "MESH_PROXY_IDENTITY_CERT_FILE", cert,
            "MESH_PROXY_IDENTITY_KEY_FILE", key,
            "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", anchors,
            "MESH_PROXY_IDENTITY_LOCAL_NAME", NAME,
            "MESH_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY", "8080, 9000-9002");

    assertThat(config.inboundPortsRequireIdentity())
        .containsExactlyInAnyOrder(8080, 9000, 9001, 9002);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void emptyInboundPortsRequireIdentity_meansNone_evenWithoutIdentity(String value) {
    assertThat(
            parse("MESH_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY", value).inboundPortsRequireIdentity())
        .isEmpty();
  }

  @Test
  void inboundPortsRequireIdentityWithoutIdentity_isRejected() {
    assertRejected("MESH_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY", "8080")
        .withMessage(
            "MESH_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY=\"8080\": expected no ports when the proxy"
                + " has no identity (set the MESH_PROXY_IDENTITY_* variables): without a"
                + " certificate, no connection to these ports could be accepted");
  }

  @Test
  void badInboundPortsRequireIdentity_saysWhichItemIsWrong() {
    assertRejected("MESH_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY", "8080,http")
        .withMessage(
            "MESH_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY=\"8080,http\": expected a comma-separated"
                + " list of ports and ranges such as 8080,9000-9010, or empty for none ('http' is"
                + " not a port from 1 to 65535 or a range of them)");
  }

  @ParameterizedTest
  @CsvSource({
    "MESH_PROXY_IDENTITY_CERT, MESH_PROXY_IDENTITY_CERT_FILE",
    "MESH_PROXY_IDENTITY_ADDR, MESH_PROXY_IDENTITY_SVC_ADDR",
    "MESH_PROXY_IDENTITY_TRUST_ANCHOR_FILE, MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE",
    "MESH_PROXY_IDENTITY_TRUST_ANCHOR_PEM, MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM",
    "MESH_PROXY_IDENTITY_TRUST_ANCHORS, MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM",
    "MESH_PROXY_INBOUND_PORTS_REQUIRING_IDENTITY, MESH_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY",
  })
  void misspeltIdentityVariable_suggestsTheKnownOne(String typo, String expected) {
    assertThat(EnvironmentConfig.closestKnownVariable(typo)).isEqualTo(expected);
  }
}
