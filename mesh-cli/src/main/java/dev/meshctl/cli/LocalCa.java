package dev.meshctl.cli;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.BootstrapToken;
import dev.meshctl.identity.ca.BootstrapTokens;
import dev.meshctl.identity.ca.CaDirectory;
import dev.meshctl.identity.ca.CaFileException;
import dev.meshctl.identity.ca.CaGenerator;
import dev.meshctl.identity.ca.CertificationRefusedException;
import dev.meshctl.identity.ca.IssuedCertificate;
import dev.meshctl.identity.ca.LeafSigner;
import dev.meshctl.identity.ca.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The local mesh's certificate authority, kept in {@code local/ca} across runs: created on first
 * use, then reused, so that a browser or tool that trusted it once keeps trusting it. It issues the
 * bootstrap tokens proxies prove their identity with, and the controller's certificate for tap.
 */
final class LocalCa {

  private final CaDirectory directory;
  private final Clock clock;

  LocalCa(Path directory, Clock clock) {
    this.directory = new CaDirectory(directory);
    this.clock = clock;
  }

  CaDirectory directory() {
    return directory;
  }

  /**
   * Creates the CA when the folder holds none; returns whether it did. An issuer that expires
   * within a day is replaced by a new CA.
   */
  boolean ensure() {
    try {
      if (Files.isRegularFile(directory.issuerCertificateFile())) {
        Instant expiry =
            PemFiles.readCertificates("issuer certificate", directory.issuerCertificateFile())
                .get(0)
                .getNotAfter()
                .toInstant();
        if (expiry.isAfter(clock.instant().plus(Duration.ofDays(1)))) {
          return false;
        }
      }
      var ca =
          new CaGenerator(clock)
              .generate(
                  LocalWorkload.TRUST_DOMAIN,
                  LocalWorkload.CONTROL_PLANE_NAMESPACE,
                  Duration.ofDays(3650),
                  Duration.ofDays(365));
      directory.write(ca, true);
      return true;
    } catch (CaFileException e) {
      throw new UserFacingException(
          e.getMessage() + " (remove " + directory.directory() + " to start with a new CA)", e);
    } catch (IOException e) {
      throw new UserFacingException(
          "cannot write the local CA to " + directory.directory() + ": " + e.getMessage(), e);
    }
  }

  /** Writes a bootstrap token for {@code identity} to {@code file}, readable by its owner only. */
  void writeToken(IdentityName identity, Path file, Duration ttl) {
    try {
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      String token =
          BootstrapTokens.encode(
              directory.readTokenSigningKey(), new BootstrapToken(identity, now, now.plus(ttl)));
      writePrivate(file, token + "\n");
    } catch (CaFileException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
  }

  /**
   * Issues a certificate for {@code identity} with a key made here, and writes {@code tls.crt}
   * (leaf and intermediates), {@code tls.key} and {@code ca.crt} into {@code folder}.
   */
  void writeCertificate(IdentityName identity, Path folder) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      var issuer = directory.readIssuer(clock.instant());
      IssuedCertificate issued =
          new LeafSigner(issuer, LeafSigner.DEFAULT_LIFETIME, clock)
              .sign(identity, keys.getPublic());
      List<java.security.cert.X509Certificate> chain = new ArrayList<>();
      chain.add(issued.leaf());
      chain.addAll(issued.intermediates());
      Files.createDirectories(folder);
      writePrivate(folder.resolve("tls.key"), PemFiles.privateKeyToPem(keys.getPrivate()));
      Files.writeString(folder.resolve("tls.crt"), PemFiles.certificatesToPem(chain));
      Files.copy(
          directory.trustAnchorsFile(),
          folder.resolve("ca.crt"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (CaFileException | CertificationRefusedException e) {
      throw new UserFacingException(e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new UserFacingException("this JDK cannot make ECDSA P-256 keys: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UserFacingException("cannot write to " + folder + ": " + e.getMessage(), e);
    }
  }

  private static void writePrivate(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UserFacingException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
