package dev.meshctl.identity.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** The one key type and signature algorithm of the mesh: ECDSA on P-256 with SHA-256. */
final class Keys {

  static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  static final SecureRandom RANDOM = new SecureRandom();

  private Keys() {}

  static KeyPair generateP256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate ECDSA P-256 keys", e);
    }
  }

  /** Whether the key is an EC key on the named curve P-256 (explicit curve parameters are not). */
  static boolean isP256(SubjectPublicKeyInfo key) {
    return X9ObjectIdentifiers.id_ecPublicKey.equals(key.getAlgorithm().getAlgorithm())
        && X9ObjectIdentifiers.prime256v1.equals(key.getAlgorithm().getParameters());
  }
}
