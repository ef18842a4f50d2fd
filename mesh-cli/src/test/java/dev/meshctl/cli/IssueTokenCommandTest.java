package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.BootstrapToken;
import dev.meshctl.identity.ca.BootstrapTokens;
import dev.meshctl.identity.ca.CaDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssueTokenCommandTest {

  private static final String WEB = "web.demo.serviceaccount.identity.meshctl-system.cluster.local";

  @TempDir Path ca;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Meshctl.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @BeforeEach
  void createCa() {
    assertThat(run("identity", "create-ca", "--trust-domain=cluster.local", "--out=" + ca))
        .isEqualTo(ExitCodes.OK);
  }

  @Test
  void printsATokenTheIdentityServiceAccepts_forADay() throws Exception {
    assertThat(run("identity", "issue-token", "--ca", ca.toString(), "--identity", WEB))
        .isEqualTo(ExitCodes.OK);

    String token = out.toString().strip();
    assertThat(out.toString()).isEqualTo(token + "\n");
    var verifier =
        BootstrapTokens.verifier(new CaDirectory(ca).readTokenVerificationKey(), Clock.systemUTC());
    BootstrapToken proven = verifier.verify(token, IdentityName.parseDnsName(WEB));
    assertThat(Duration.between(proven.issuedAt(), proven.expiresAt()))
        .isEqualTo(Duration.ofHours(24));
    assertThat(proven.expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
  }

  @Test
  void ttl_isConfigurable() throws Exception {
    assertThat(
            run(
                "identity",
                "issue-token",
                "--ca=" + ca,
                "--identity=" + WEB,
                "--ttl=1h30m",
                "-o",
                "json"))
        .isEqualTo(ExitCodes.OK);

    assertThat(out.toString()).startsWith("{\"identity\":\"" + WEB + "\",\"token\":\"");
    String token = out.toString().replaceAll(".*\"token\":\"([^\"]+)\".*\\n", "$1");
    BootstrapToken proven =
        BootstrapTokens.verifier(new CaDirectory(ca).readTokenVerificationKey(), Clock.systemUTC())
            .verify(token, IdentityName.parseDnsName(WEB));
    assertThat(Duration.between(proven.issuedAt(), proven.expiresAt()))
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(out.toString()).contains("\"expiresAt\":\"" + proven.expiresAt() + "\"");
  }

  @Test
  void identityOfAnotherMesh_isAUsageError() {
    assertThat(
            run(
                "identity",
                "issue-token",
                "--ca=" + ca,
                "--identity=web.demo.serviceaccount.identity.linkerd.cluster.local"))
        .isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString())
        .contains("is not of this CA's mesh")
        .contains(".serviceaccount.identity.meshctl-system.cluster.local");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void malformedIdentity_orTtl_isAUsageError() {
    assertThat(run("identity", "issue-token", "--ca=" + ca, "--identity=web.demo.svc"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("<sa>.<ns>.serviceaccount.identity");

    assertThat(run("identity", "issue-token", "--ca=" + ca, "--identity=" + WEB, "--ttl=soon"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'soon' is not a duration");

    assertThat(run("identity", "issue-token", "--ca=" + ca, "--identity=" + WEB, "--ttl=0s"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("not a positive duration");
  }

  @Test
  void caDirectoryWithoutTheSigningKey_failsNamingTheFile() throws Exception {
    Files.delete(ca.resolve("token-signing.key"));

    assertThat(run("identity", "issue-token", "--ca=" + ca, "--identity=" + WEB))
        .isEqualTo(ExitCodes.FAILED);

    assertThat(err.toString())
        .isEqualTo(
            "Error: token-signing key " + ca.resolve("token-signing.key") + ": does not exist\n");
  }
}
