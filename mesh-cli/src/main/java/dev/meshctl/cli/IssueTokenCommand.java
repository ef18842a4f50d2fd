package dev.meshctl.cli;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.BootstrapToken;
import dev.meshctl.identity.ca.BootstrapTokens;
import dev.meshctl.identity.ca.CaDirectory;
import dev.meshctl.identity.ca.CaFileException;
import dev.meshctl.identity.ca.PemFiles;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl identity issue-token}: a local-mode bootstrap token that lets a proxy obtain a
 * certificate for one identity from the identity service, signed with the CA directory's
 * token-signing key. Prints the token alone, so that it can be captured into a file.
 */
@Command(
    name = "issue-token",
    description = {
      "Print a bootstrap token proving an identity to the identity service in local token mode.",
      "The token is a secret until it expires: store it where only the workload can read it."
    },
    mixinStandardHelpOptions = true)
final class IssueTokenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin OutputFormatOption output;

  @Option(
      names = "--ca",
      required = true,
      description = "The CA directory made by 'meshctl identity create-ca'.")
  Path ca;

  @Option(
      names = "--identity",
      required = true,
      description =
          "The identity the token proves: <sa>.<ns>.serviceaccount.identity.<control-plane-ns>.<trust-domain>.")
  String identity;

  @Option(
      names = "--ttl",
      defaultValue = "24h",
      converter = DurationConverter.class,
      description = "How long the token is valid (default: ${DEFAULT-VALUE}).")
  Duration ttl;

  @Override
  public Integer call() {
    IdentityName name;
    try {
      name = IdentityName.parseDnsName(identity);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    CaDirectory directory = new CaDirectory(ca);
    PrivateKey signingKey;
    try {
      requireIdentityOfThisMesh(name, directory);
      signingKey = directory.readTokenSigningKey();
    } catch (CaFileException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
    BootstrapToken proof = new BootstrapToken(name, now, now.plus(ttl));
    String token = BootstrapTokens.encode(signingKey, proof);
    var out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(
          "{\"identity\":"
              + JsonStrings.quote(name.dnsName())
              + ",\"token\":"
              + JsonStrings.quote(token)
              + ",\"expiresAt\":"
              + JsonStrings.quote(proof.expiresAt().toString())
              + "}");
    } else {
      out.println(token);
    }
    return ExitCodes.OK;
  }

  /**
   * The issuer of a CA made by create-ca is {@code CN=identity.<control-plane-ns>.<trust-domain>}:
   * a token for an identity of another mesh would be refused by the identity service, so it is
   * refused here, where the mistake is made.
   */
  private static void requireIdentityOfThisMesh(IdentityName name, CaDirectory directory)
      throws CaFileException {
    X509Certificate issuer =
        PemFiles.readCertificates("issuer certificate", directory.issuerCertificateFile()).get(0);
    String issuerName = commonName(issuer);
    String expected = "identity." + name.controlPlaneNamespace() + "." + name.trustDomain();
    if (issuerName != null && issuerName.startsWith("identity.") && !issuerName.equals(expected)) {
      throw new UsageException(
          "identity "
              + name
              + " is not of this CA's mesh: its issuer is "
              + issuerName
              + ", so identities end in .serviceaccount."
              + issuerName);
    }
  }

  private static String commonName(X509Certificate certificate) {
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
    } catch (InvalidNameException e) {
      return null;
    }
    return null;
  }
}
