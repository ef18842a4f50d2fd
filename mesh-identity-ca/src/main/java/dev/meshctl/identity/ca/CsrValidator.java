package dev.meshctl.identity.ca;

import dev.meshctl.api.IdentityName;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Checks a PKCS#10 certificate signing request (RFC 2986) before the CA signs it: well-formed DER,
 * an ECDSA P-256 key, a signature that proves possession of that key, and names that are exactly
 * the identity the caller proved. Only the key and the names are taken from a CSR; every other
 * field of the leaf is the CA's choice, so other requested extensions are ignored.
 */
public final class CsrValidator {

  /** Far more than a P-256 CSR with two names needs (about 400 bytes). */
  static final int MAX_CSR_BYTES = 16 * 1024;

  private CsrValidator() {}

  /**
   * The CSR's public key, once the CSR passed every check.
   *
   * <p>The names asked for are the subjectAltName entries of the extension request plus the
   * subject's CN, if any. Each must be the identity's DNS name or its SPIFFE URI, and the DNS name
   * must be among them.
   *
   * @throws CertificationRefusedException with {@link RefusalReason#BAD_CSR}, {@link
   *     RefusalReason#WRONG_KEY_TYPE} or {@link RefusalReason#NAME_MISMATCH}
   */
  public static PublicKey validate(byte[] der, IdentityName identity)
      throws CertificationRefusedException {
    if (der == null || der.length == 0) {
      throw refuse(RefusalReason.BAD_CSR, "no certificate signing request was sent");
    }
    if (der.length > MAX_CSR_BYTES) {
      throw refuse(
          RefusalReason.BAD_CSR,
          "the certificate signing request is " + der.length + " bytes; at most " + MAX_CSR_BYTES);
    }
    PKCS10CertificationRequest csr;
    try {
      csr = new PKCS10CertificationRequest(der);
    } catch (IOException | RuntimeException e) {
      throw refuse(RefusalReason.BAD_CSR, "the CSR is not a DER-encoded PKCS#10 request");
    }
    if (!Keys.isP256(csr.getSubjectPublicKeyInfo())) {
      throw refuse(
          RefusalReason.WRONG_KEY_TYPE,
          "the CSR's key is "
              + describeKey(csr)
              + "; the mesh issues certificates for ECDSA P-256 keys only");
    }
    PublicKey key;
    try {
      key = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
      var verifier = new JcaContentVerifierProviderBuilder().build(key);
      if (!csr.isSignatureValid(verifier)) {
        throw refuse(
            RefusalReason.BAD_CSR,
            "the CSR's signature does not verify with its own key (no proof of possession)");
      }
    } catch (CertificationRefusedException e) {
      throw e;
    } catch (Exception e) {
      throw refuse(
          RefusalReason.BAD_CSR, "the CSR's signature cannot be checked: " + e.getMessage());
    }
    checkNames(csr, identity);
    return key;
  }

  private static void checkNames(PKCS10CertificationRequest csr, IdentityName identity)
      throws CertificationRefusedException {
    String dnsName = identity.dnsName();
    String spiffeUri = identity.spiffeUri();
    List<String> asked = new ArrayList<>();
    for (RDN rdn : csr.getSubject().getRDNs(BCStyle.CN)) {
      String cn = IETFUtils.valueToString(rdn.getFirst().getValue());
      if (!cn.equals(dnsName)) {
        throw refuse(
            RefusalReason.NAME_MISMATCH,
            "the CSR's subject CN is '" + cn + "'; it may only be '" + dnsName + "'");
      }
      asked.add(cn);
    }
    for (GeneralName name : subjectAltNames(csr)) {
      String value = name.getName() instanceof ASN1IA5String text ? text.getString() : null;
      if (name.getTagNo() == GeneralName.dNSName && dnsName.equals(value)) {
        asked.add(value);
      } else if (name.getTagNo() == GeneralName.uniformResourceIdentifier
          && spiffeUri.equals(value)) {
        asked.add(value);
      } else {
        throw refuse(
            RefusalReason.NAME_MISMATCH,
            "the CSR asks for the name "
                + describe(name, value)
                + "; it may only ask for DNS:"
                + dnsName
                + " and URI:"
                + spiffeUri);
      }
    }
    if (!asked.contains(dnsName)) {
      throw refuse(
          RefusalReason.NAME_MISMATCH,
          "the CSR does not ask for DNS:" + dnsName + " (neither in subjectAltName nor as CN)");
    }
  }

  private static GeneralName[] subjectAltNames(PKCS10CertificationRequest csr)
      throws CertificationRefusedException {
    Attribute[] requests = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
    if (requests.length == 0) {
      return new GeneralName[0];
    }
    try {
      if (requests.length != 1 || requests[0].getAttrValues().size() != 1) {
        throw refuse(RefusalReason.BAD_CSR, "the CSR has more than one extension request");
      }
      ASN1Encodable value = requests[0].getAttrValues().getObjectAt(0);
      Extension san = Extensions.getInstance(value).getExtension(Extension.subjectAlternativeName);
      return san == null
          ? new GeneralName[0]
          : GeneralNames.getInstance(san.getParsedValue()).getNames();
    } catch (CertificationRefusedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw refuse(RefusalReason.BAD_CSR, "the CSR's extension request is malformed");
    }
  }

  private static String describe(GeneralName name, String value) {
    String type =
        switch (name.getTagNo()) {
          case GeneralName.dNSName -> "DNS";
          case GeneralName.uniformResourceIdentifier -> "URI";
          case GeneralName.iPAddress -> "IP";
          case GeneralName.rfc822Name -> "email";
          default -> "of type " + name.getTagNo();
        };
    return value != null ? type + ":" + value : type;
  }

  private static String describeKey(PKCS10CertificationRequest csr) {
    var algorithm = csr.getSubjectPublicKeyInfo().getAlgorithm();
    if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm.getAlgorithm())) {
      return "RSA";
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())) {
      return "ECDSA on another curve (" + algorithm.getParameters() + ")";
    }
    return "of algorithm " + algorithm.getAlgorithm();
  }

  private static CertificationRefusedException refuse(RefusalReason reason, String message) {
    return new CertificationRefusedException(reason, message);
  }
}
