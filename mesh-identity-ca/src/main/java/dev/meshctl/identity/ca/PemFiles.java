package dev.meshctl.identity.ca;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes the PEM files of the CA: certificates ({@code CERTIFICATE}), private keys
 * (PKCS#8 {@code PRIVATE KEY}; SEC1 {@code EC PRIVATE KEY} is read too, as openssl and cert-manager
 * write it) and public keys ({@code PUBLIC KEY}). Every read failure is a {@link CaFileException}
 * that names the file, its role and what is wrong with it.
 */
public final class PemFiles {

  private PemFiles() {}

  /** Every certificate in {@code file}, in file order; at least one. */
  public static List<X509Certificate> readCertificates(String role, Path file)
      throws CaFileException {
    List<Object> blocks = readBlocks(role, file);
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object block : blocks) {
      if (!(block instanceof X509CertificateHolder holder)) {
        throw new CaFileException(
            role, file, "contains " + describe(block) + " where a CERTIFICATE was expected");
      }
      try {
        certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
      } catch (CertificateException e) {
        throw new CaFileException(role, file, "holds a certificate that cannot be decoded", e);
      }
    }
    return List.copyOf(certificates);
  }

  /** The one private key in {@code file}. */
  public static PrivateKey readPrivateKey(String role, Path file) throws CaFileException {
    Object key = single(role, file, readBlocks(role, file));
    try {
      if (key instanceof PrivateKeyInfo info) {
        return new JcaPEMKeyConverter().getPrivateKey(info);
      }
      if (key instanceof PEMKeyPair pair) {
        return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
      }
    } catch (IOException e) {
      throw new CaFileException(role, file, "holds a private key that cannot be decoded", e);
    }
    if (key instanceof PEMEncryptedKeyPair || key instanceof PKCS8EncryptedPrivateKeyInfo) {
      throw new CaFileException(role, file, "is encrypted; the CA needs an unencrypted key");
    }
    throw new CaFileException(
        role, file, "contains " + describe(key) + " where a PRIVATE KEY was expected");
  }

  /** The one public key in {@code file}. */
  public static PublicKey readPublicKey(String role, Path file) throws CaFileException {
    Object key = single(role, file, readBlocks(role, file));
    if (!(key instanceof SubjectPublicKeyInfo info)) {
      throw new CaFileException(
          role, file, "contains " + describe(key) + " where a PUBLIC KEY was expected");
    }
    try {
      return new JcaPEMKeyConverter().getPublicKey(info);
    } catch (IOException e) {
      throw new CaFileException(role, file, "holds a public key that cannot be decoded", e);
    }
  }

  /** The certificates as consecutive {@code CERTIFICATE} blocks. */
  public static String certificatesToPem(List<X509Certificate> certificates) {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      try {
        pem.append(block("CERTIFICATE", certificate.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalArgumentException("certificate cannot be encoded", e);
      }
    }
    return pem.toString();
  }

  /** The key as a PKCS#8 {@code PRIVATE KEY} block. */
  public static String privateKeyToPem(PrivateKey key) {
    requireEncoding(key.getFormat(), "PKCS#8");
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** The key as an X.509 SubjectPublicKeyInfo {@code PUBLIC KEY} block. */
  public static String publicKeyToPem(PublicKey key) {
    requireEncoding(key.getFormat(), "X.509");
    return block("PUBLIC KEY", key.getEncoded());
  }

  private static void requireEncoding(String format, String expected) {
    if (!expected.equals(format)) {
      throw new IllegalArgumentException("key encodes as " + format + ", not " + expected);
    }
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static List<Object> readBlocks(String role, Path file) throws CaFileException {
    if (Files.isDirectory(file)) {
      throw new CaFileException(role, file, "is a directory, not a PEM file");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new CaFileException(role, file, "does not exist");
    } catch (AccessDeniedException e) {
      throw new CaFileException(role, file, "cannot be read (permission denied)");
    } catch (IOException e) {
      throw new CaFileException(role, file, "cannot be read: " + e.getMessage(), e);
    }
    List<Object> blocks = new ArrayList<>();
    try (Reader reader = new StringReader(text);
        PEMParser parser = new PEMParser(reader)) {
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
        // openssl writes an "EC PARAMETERS" block before a SEC1 key: it names the curve only.
        if (!(block instanceof ASN1ObjectIdentifier)) {
          blocks.add(block);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new CaFileException(role, file, "is not valid PEM: " + e.getMessage(), e);
    }
    if (blocks.isEmpty()) {
      throw new CaFileException(role, file, "is not PEM: it contains no -----BEGIN ...----- block");
    }
    return blocks;
  }

  private static Object single(String role, Path file, List<Object> blocks) throws CaFileException {
    if (blocks.size() != 1) {
      throw new CaFileException(
          role, file, "contains " + blocks.size() + " PEM blocks where one key was expected");
    }
    return blocks.get(0);
  }

  private static String describe(Object block) {
    if (block instanceof X509CertificateHolder) {
      return "a CERTIFICATE";
    }
    if (block instanceof PrivateKeyInfo
        || block instanceof PEMKeyPair
        || block instanceof PEMEncryptedKeyPair
        || block instanceof PKCS8EncryptedPrivateKeyInfo) {
      return "a PRIVATE KEY";
    }
    if (block instanceof SubjectPublicKeyInfo) {
      return "a PUBLIC KEY";
    }
    return "a " + block.getClass().getSimpleName() + " block";
  }
}
