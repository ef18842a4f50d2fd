package dev.meshctl.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of a workload in the mesh: a ServiceAccount in a namespace, under the mesh's trust
 * domain. It is written in two forms, both carried in every proxy certificate:
 *
 * <ul>
 *   <li>DNS SAN: {@code <sa>.<ns>.serviceaccount.identity.<control-plane-ns>.<trust-domain>}
 *   <li>URI SAN: {@code spiffe://<trust-domain>/ns/<ns>/sa/<sa>}
 * </ul>
 */
public record IdentityName(
    String serviceAccount, String namespace, String controlPlaneNamespace, String trustDomain) {

  /** A DNS-1123 label: what Kubernetes allows for namespace and ServiceAccount names. */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** A DNS name of one or more labels. */
  private static final Pattern DOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");

  private static final String INFIX = ".serviceaccount.identity.";

  public IdentityName {
    requireLabel("service account", serviceAccount);
    requireLabel("namespace", namespace);
    requireMesh(controlPlaneNamespace, trustDomain);
  }

  /**
   * Checks the two names that every identity of one mesh shares, as identity names require them.
   *
   * @throws IllegalArgumentException saying which is wrong and why
   */
  public static void requireMesh(String controlPlaneNamespace, String trustDomain) {
    requireLabel("control-plane namespace", controlPlaneNamespace);
    Objects.requireNonNull(trustDomain, "trust domain");
    if (!DOMAIN.matcher(trustDomain).matches()) {
      throw new IllegalArgumentException(
          "trust domain '" + trustDomain + "' is not a lower-case DNS name (e.g. cluster.local)");
    }
  }

  /** Parses the DNS form; the control-plane namespace is the label that follows "identity.". */
  public static IdentityName parseDnsName(String dnsName) {
    Objects.requireNonNull(dnsName, "identity name");
    int infix = dnsName.indexOf(INFIX);
    if (infix < 0) {
      throw new IllegalArgumentException(
          "identity '"
              + dnsName
              + "' is not of the form <sa>.<ns>.serviceaccount.identity.<control-plane-ns>.<trust-domain>");
    }
    String[] head = dnsName.substring(0, infix).split("\\.", -1);
    String tail = dnsName.substring(infix + INFIX.length());
    int dot = tail.indexOf('.');
    if (head.length != 2 || dot < 0) {
      throw new IllegalArgumentException(
          "identity '"
              + dnsName
              + "' is not of the form <sa>.<ns>.serviceaccount.identity.<control-plane-ns>.<trust-domain>");
    }
    return new IdentityName(head[0], head[1], tail.substring(0, dot), tail.substring(dot + 1));
  }

  /** The DNS SAN form. */
  public String dnsName() {
    return serviceAccount + "." + namespace + INFIX + controlPlaneNamespace + "." + trustDomain;
  }

  /** Whether this identity belongs to the mesh of that control-plane namespace and trust domain. */
  public boolean isOfMesh(String controlPlaneNamespace, String trustDomain) {
    return this.controlPlaneNamespace.equals(controlPlaneNamespace)
        && this.trustDomain.equals(trustDomain);
  }

  /** The SPIFFE URI SAN form. */
  public String spiffeUri() {
    return "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount;
  }

  @Override
  public String toString() {
    return dnsName();
  }

  private static void requireLabel(String what, String value) {
    Objects.requireNonNull(value, what);
    if (!LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value
              + "' is not a DNS-1123 label (lower-case letters, digits and '-', at most 63)");
    }
  }
}
