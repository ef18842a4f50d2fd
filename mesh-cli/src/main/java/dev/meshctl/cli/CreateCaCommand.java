package dev.meshctl.cli;

import dev.meshctl.identity.ca.CaDirectory;
import dev.meshctl.identity.ca.CaGenerator;
import dev.meshctl.identity.ca.Fingerprints;
import dev.meshctl.identity.ca.GeneratedCa;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl identity create-ca}: a new trust anchor and issuer (and the local mode's
 * token-signing key) as PEM files in a directory.
 */
@Command(
    name = "create-ca",
    description = {
      "Create a new mesh CA: a trust anchor (ca.crt), an issuer it signs (issuer.crt, issuer.key)"
          + " and a key for local bootstrap tokens (token-signing.key, token-signing.pub).",
      "The anchor's private key is not kept: to rotate the anchor, create a new CA and ship both"
          + " anchors in the bundle for the overlap."
    },
    mixinStandardHelpOptions = true)
final class CreateCaCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin OutputFormatOption output;

  @Option(
      names = "--trust-domain",
      required = true,
      description = "The mesh's trust domain, e.g. cluster.local.")
  String trustDomain;

  @Option(
      names = "--control-plane-namespace",
      defaultValue = "meshctl-system",
      description = "Namespace of the control plane (default: ${DEFAULT-VALUE}).")
  String controlPlaneNamespace;

  @Option(names = "--out", required = true, description = "Directory to write the CA files to.")
  Path out;

  @Option(
      names = "--force",
      defaultValue = "false",
      description = "Write into a directory that already holds files, replacing an earlier CA.")
  boolean force;

  @Option(
      names = "--anchor-lifetime",
      defaultValue = "3650d",
      converter = DurationConverter.class,
      description = "How long the trust anchor is valid (default: ${DEFAULT-VALUE}).")
  Duration anchorLifetime;

  @Option(
      names = "--issuer-lifetime",
      defaultValue = "365d",
      converter = DurationConverter.class,
      description = "How long the issuer is valid (default: ${DEFAULT-VALUE}).")
  Duration issuerLifetime;

  @Override
  public Integer call() {
    refuseToMixIntoAnOccupiedDirectory();
    GeneratedCa ca;
    try {
      ca =
          new CaGenerator(Clock.systemUTC())
              .generate(trustDomain, controlPlaneNamespace, anchorLifetime, issuerLifetime);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    List<Path> written;
    try {
      written = new CaDirectory(out).write(ca, force);
    } catch (AccessDeniedException e) {
      throw new UserFacingException(
          "cannot write the CA to " + out + ": permission denied (" + e.getFile() + ")", e);
    } catch (IOException e) {
      throw new UserFacingException("cannot write the CA to " + out + ": " + describe(e), e);
    }
    print(ca, written);
    return ExitCodes.OK;
  }

  private void refuseToMixIntoAnOccupiedDirectory() {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException(out + " exists and is not a directory");
    }
    if (force || !Files.isDirectory(out)) {
      return;
    }
    List<String> present;
    try (Stream<Path> entries = Files.list(out)) {
      present = entries.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UserFacingException("cannot read the directory " + out + ": " + describe(e), e);
    }
    if (!present.isEmpty()) {
      throw new UsageException(
          out
              + " already holds files ("
              + present.stream().limit(5).collect(Collectors.joining(", "))
              + (present.size() > 5 ? ", ..." : "")
              + "); choose an empty or new directory, or pass --force to replace the CA files");
    }
  }

  private void print(GeneratedCa ca, List<Path> written) {
    var printer = spec.commandLine().getOut();
    String fingerprint = Fingerprints.sha256(ca.trustAnchor());
    String anchorExpiry = ca.trustAnchor().getNotAfter().toInstant().toString();
    String issuerExpiry = ca.issuerCertificate().getNotAfter().toInstant().toString();
    if (output.json()) {
      printer.println(
          "{\"directory\":"
              + JsonStrings.quote(out.toAbsolutePath().toString())
              + ",\"files\":["
              + written.stream()
                  .map(p -> JsonStrings.quote(p.toAbsolutePath().toString()))
                  .collect(Collectors.joining(","))
              + "],\"trustAnchorSha256\":"
              + JsonStrings.quote(fingerprint)
              + ",\"trustAnchorNotAfter\":"
              + JsonStrings.quote(anchorExpiry)
              + ",\"issuerNotAfter\":"
              + JsonStrings.quote(issuerExpiry)
              + "}");
      return;
    }
    printer.println("Created a mesh CA for trust domain " + trustDomain + " in " + out + ":");
    printer.printf(
        "  %-19s %s%n",
        CaDirectory.TRUST_ANCHORS,
        "trust anchor, " + ca.trustAnchor().getSubjectX500Principal().getName());
    printer.printf(
        "  %-19s %s%n",
        CaDirectory.ISSUER_CERTIFICATE,
        "issuer, " + ca.issuerCertificate().getSubjectX500Principal().getName());
    printer.printf("  %-19s %s%n", CaDirectory.ISSUER_KEY, "issuer private key (mode 0600)");
    printer.printf(
        "  %-19s %s%n",
        CaDirectory.TOKEN_SIGNING_KEY,
        "signs local bootstrap tokens (mode 0600; meshctl identity issue-token)");
    printer.printf(
        "  %-19s %s%n",
        CaDirectory.TOKEN_VERIFICATION_KEY,
        "verifies them (the identity service in local token mode)");
    printer.println("Trust anchor SHA-256 fingerprint: " + fingerprint);
    printer.println("Trust anchor expires: " + anchorExpiry);
    printer.println("Issuer expires:       " + issuerExpiry);
  }

  private static String describe(IOException e) {
    String kind = e.getClass().getSimpleName();
    return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
  }
}
