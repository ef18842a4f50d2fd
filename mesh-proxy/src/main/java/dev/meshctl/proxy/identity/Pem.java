package dev.meshctl.proxy.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM certificates and private keys with BouncyCastle's parser, into JDK key and certificate
 * objects (BouncyCastle is not installed as a JCA provider). A problem is a {@link PemException}
 * whose message says what is wrong with the content, for the caller to prefix with the file.
 */
final class Pem {

  private Pem() {}

  /** A PEM content that is not what was expected; the message does not name the file. */
  static final class PemException extends Exception {
    PemException(String message) {
      super(message);
    }
  }

  /**
   * Every certificate of a PEM bundle, in order. Text outside the PEM blocks is ignored; any other
   * kind of PEM block is an error.
   */
  static List<X509Certificate> certificates(byte[] content) throws PemException {
    List<X509Certificate> certificates = new ArrayList<>();
    CertificateFactory factory = x509Factory();
    try (PEMParser parser = parser(content)) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (!(object instanceof X509CertificateHolder holder)) {
          throw new PemException(
              "holds " + describe(object) + " where only certificates are expected");
        }
        try {
          certificates.add(
              (X509Certificate)
                  factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
        } catch (CertificateException e) {
          throw new PemException(
              "certificate "
                  + (certificates.size() + 1)
                  + " cannot be read ("
                  + e.getMessage()
                  + ")");
        }
      }
    } catch (IOException e) {
      throw new PemException("is not valid PEM (" + oneLine(e.getMessage()) + ")");
    }
    if (certificates.isEmpty()) {
      throw new PemException("holds no certificate (-----BEGIN CERTIFICATE-----)");
    }
    return List.copyOf(certificates);
  }

  /**
   * The one private key of a PEM file: PKCS#8 ({@code PRIVATE KEY}) or the traditional OpenSSL
   * forms ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}), EC or RSA, not encrypted. An {@code EC
   * PARAMETERS} block (which {@code openssl ecparam -genkey} writes first) is skipped.
   */
  static PrivateKey privateKey(byte[] content) throws PemException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    PrivateKey key = null;
    try (PEMParser parser = parser(content)) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (object instanceof ASN1ObjectIdentifier) {
          continue; // EC PARAMETERS: the curve, which the key itself names too
        }
        PrivateKey found;
        if (object instanceof PrivateKeyInfo info) {
          found = converter.getPrivateKey(info);
        } else if (object instanceof PEMKeyPair pair) {
          // Only the private part: a SEC1 key may leave out its optional public key.
          found = converter.getPrivateKey(pair.getPrivateKeyInfo());
        } else if (object instanceof PKCS8EncryptedPrivateKeyInfo
            || object instanceof PEMEncryptedKeyPair) {
          throw new PemException("holds an encrypted private key; the proxy needs it unencrypted");
        } else {
          throw new PemException("holds " + describe(object) + " where a private key is expected");
        }
        if (key != null) {
          throw new PemException("holds more than one private key");
        }
        key = found;
      }
    } catch (IOException e) {
      throw new PemException("is not a valid PEM private key (" + oneLine(e.getMessage()) + ")");
    }
    if (key == null) {
      throw new PemException(
          "holds no private key (-----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
    }
    if (!"EC".equals(key.getAlgorithm()) && !"RSA".equals(key.getAlgorithm())) {
      throw new PemException(
          "holds a key of algorithm " + key.getAlgorithm() + "; EC or RSA is expected");
    }
    return key;
  }

  /** Certificates from DER, as the identity service sends them. */
  static X509Certificate certificate(byte[] der) throws CertificateException {
    return (X509Certificate) x509Factory().generateCertificate(new ByteArrayInputStream(der));
  }

  private static PEMParser parser(byte[] content) {
    Reader reader =
        new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.US_ASCII);
    return new PEMParser(reader);
  }

  private static CertificateFactory x509Factory() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new AssertionError("every Java platform reads X.509 certificates", e);
    }
  }

  private static String describe(Object object) {
    if (object instanceof X509CertificateHolder) {
      return "a certificate";
    } else if (object instanceof PrivateKeyInfo
        || object instanceof PEMKeyPair
        || object instanceof PKCS8EncryptedPrivateKeyInfo
        || object instanceof PEMEncryptedKeyPair) {
      return "a private key";
    } else if (object instanceof SubjectPublicKeyInfo) {
      return "a public key";
    } else if (object instanceof PKCS10CertificationRequest) {
      return "a certificate signing request";
    } else if (object instanceof X509CRLHolder) {
      return "a certificate revocation list";
    }
    return "a PEM block of another kind (" + object.getClass().getSimpleName() + ")";
  }

  private static String oneLine(String message) {
    return message == null ? "unreadable" : message.replaceAll("\\s*\\R\\s*", " ");
  }
}
