package dev.meshctl.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.meshctl.identity.IdentityProperties.Tls;
import dev.meshctl.identity.IdentityProperties.TokenMode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The TLS settings of {@link IdentityProperties}: the server name's default and its checks. */
class IdentityPropertiesTest {

  private static IdentityProperties properties(String namespace, Tls tls) {
    return new IdentityProperties(
        "example.org",
        namespace,
        8080,
        Path.of("ca.crt"),
        Path.of("issuer.crt"),
        Path.of("issuer.key"),
        Duration.ofHours(24),
        TokenMode.LOCAL,
        Path.of("token-signing.pub"),
        "identity.meshctl.dev",
        tls);
  }

  @Test
  void serverName_defaultsToTheIdentityAppsOwnServiceAccount() {
    assertThat(properties("mesh", new Tls(true, null)).tlsServerName().dnsName())
        .isEqualTo("meshctl-identity.mesh.serviceaccount.identity.mesh.example.org");
  }

  @Test
  void serverName_canBeAnotherIdentityOfTheMesh() {
    String name = "identity.other.serviceaccount.identity.mesh.example.org";

    assertThat(properties("mesh", new Tls(true, name)).tlsServerName().dnsName()).isEqualTo(name);
  }

  @Test
  void serverName_inUpperCase_isRefusedLikeOtherIdentityNames() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                properties(
                    "mesh",
                    new Tls(
                        true, "Meshctl-Identity.mesh.serviceaccount.identity.mesh.example.org")));
  }
}
