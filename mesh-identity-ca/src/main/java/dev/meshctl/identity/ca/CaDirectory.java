package dev.meshctl.identity.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The files of a CA in one directory, as {@code meshctl identity create-ca} writes them and the
 * identity service and the local mesh read them:
 *
 * <ul>
 *   <li>{@value #TRUST_ANCHORS}: the trust anchor bundle (one or more certificates)
 *   <li>{@value #ISSUER_CERTIFICATE}: the issuer certificate (then any further intermediates)
 *   <li>{@value #ISSUER_KEY}: the issuer's private key, PKCS#8, mode 0600
 *   <li>{@value #TOKEN_SIGNING_KEY}: signs local-mode bootstrap tokens, PKCS#8, mode 0600
 *   <li>{@value #TOKEN_VERIFICATION_KEY}: verifies them (the identity service's only token key)
 * </ul>
 */
public final class CaDirectory {

  public static final String TRUST_ANCHORS = "ca.crt";
  public static final String ISSUER_CERTIFICATE = "issuer.crt";
  public static final String ISSUER_KEY = "issuer.key";
  public static final String TOKEN_SIGNING_KEY = "token-signing.key";
  public static final String TOKEN_VERIFICATION_KEY = "token-signing.pub";

  private static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLIC =
      PosixFilePermissions.fromString("rw-r--r--");

  private final Path directory;

  public CaDirectory(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  public Path directory() {
    return directory;
  }

  public Path trustAnchorsFile() {
    return directory.resolve(TRUST_ANCHORS);
  }

  public Path issuerCertificateFile() {
    return directory.resolve(ISSUER_CERTIFICATE);
  }

  public Path issuerKeyFile() {
    return directory.resolve(ISSUER_KEY);
  }

  public Path tokenSigningKeyFile() {
    return directory.resolve(TOKEN_SIGNING_KEY);
  }

  public Path tokenVerificationKeyFile() {
    return directory.resolve(TOKEN_VERIFICATION_KEY);
  }

  /** Every file of the CA, in the order {@link #write} writes them. */
  public List<Path> files() {
    return List.of(
        trustAnchorsFile(),
        issuerCertificateFile(),
        issuerKeyFile(),
        tokenSigningKeyFile(),
        tokenVerificationKeyFile());
  }

  /**
   * Writes the CA's files, creating the directory if needed. Each file is written beside its target
   * and moved into place, so a reader never sees half a file; private keys are created with mode
   * 0600 (on file systems with POSIX permissions).
   *
   * @param overwrite replace files of an earlier CA; when false, nothing is written if any exists
   * @return the files written
   * @throws FileAlreadyExistsException naming the first file that exists, when not overwriting
   */
  public List<Path> write(GeneratedCa ca, boolean overwrite) throws IOException {
    if (!overwrite) {
      for (Path file : files()) {
        if (Files.exists(file)) {
          throw new FileAlreadyExistsException(file.toString(), null, "a CA file is already there");
        }
      }
    }
    Files.createDirectories(directory);
    List<Path> written = new ArrayList<>();
    written.add(
        write(trustAnchorsFile(), PemFiles.certificatesToPem(List.of(ca.trustAnchor())), PUBLIC));
    written.add(
        write(
            issuerCertificateFile(),
            PemFiles.certificatesToPem(List.of(ca.issuerCertificate())),
            PUBLIC));
    written.add(write(issuerKeyFile(), PemFiles.privateKeyToPem(ca.issuerKey()), PRIVATE));
    written.add(
        write(
            tokenSigningKeyFile(),
            PemFiles.privateKeyToPem(ca.tokenSigningKeys().getPrivate()),
            PRIVATE));
    written.add(
        write(
            tokenVerificationKeyFile(),
            PemFiles.publicKeyToPem(ca.tokenSigningKeys().getPublic()),
            PUBLIC));
    return List.copyOf(written);
  }

  public TrustAnchors readTrustAnchors() throws CaFileException {
    return TrustAnchors.read(trustAnchorsFile());
  }

  /** The issuer, checked against this directory's trust anchors at {@code now}. */
  public Issuer readIssuer(Instant now) throws CaFileException {
    return Issuer.load(issuerCertificateFile(), issuerKeyFile(), readTrustAnchors(), now);
  }

  public PrivateKey readTokenSigningKey() throws CaFileException {
    return PemFiles.readPrivateKey(BootstrapTokens.SIGNING_KEY_ROLE, tokenSigningKeyFile());
  }

  public PublicKey readTokenVerificationKey() throws CaFileException {
    return PemFiles.readPublicKey(
        BootstrapTokens.VERIFICATION_KEY_ROLE, tokenVerificationKeyFile());
  }

  private Path write(Path target, String pem, Set<PosixFilePermission> permissions)
      throws IOException {
    boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    Path temporary =
        posix
            ? Files.createTempFile(
                directory,
                "." + target.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(PRIVATE))
            : Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
    try {
      Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
      if (posix) {
        Files.setPosixFilePermissions(temporary, permissions);
      }
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return target;
  }
}
