package dev.meshctl.cli;

import dev.meshctl.api.MeshAnnotations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The checks behind {@code meshctl check} on Kubernetes: {@link #pre} before an install (the API
 * answers, its version, the RBAC an install needs, no control plane there yet) and {@link #post}
 * after it (CRDs, the control plane's Deployments, the webhook, the identity certificates and the
 * data plane). Every check runs where it can, so one report shows every problem.
 */
final class KubernetesChecks {

  /** Kubernetes 1.29 turned native sidecars (restartable init containers) on by default. */
  static final int NATIVE_SIDECAR_MINOR = 29;

  /** A certificate that expires sooner than this needs rotating now, not at the last minute. */
  static final Duration MIN_VALIDITY = Duration.ofDays(60);

  static final String API = "kubernetes-api";
  static final String VERSION = "kubernetes-version";
  static final String PRE = "pre-kubernetes-setup";
  static final String CRDS = "meshctl-crds";
  static final String CONTROL_PLANE = "meshctl-control-plane";
  static final String WEBHOOK = "meshctl-webhook";

  /** Where the dry-run pod that tries the webhook is "created": every cluster has it. */
  static final String PROBE_NAMESPACE = "default";

  static final String IDENTITY = "meshctl-identity";
  static final String DATA_PLANE = "meshctl-data-plane";

  /** What an install creates outside a namespace, as (API group, resource) for the RBAC check. */
  private static final List<String[]> INSTALL_KINDS =
      List.of(
          new String[] {"", "namespaces"},
          new String[] {"rbac.authorization.k8s.io", "clusterroles"},
          new String[] {"rbac.authorization.k8s.io", "clusterrolebindings"},
          new String[] {"admissionregistration.k8s.io", "mutatingwebhookconfigurations"},
          new String[] {"apiextensions.k8s.io", "customresourcedefinitions"});

  private final KubernetesClient client;
  private final Clock clock;
  private final String proxyVersion;
  private final String namespace;

  /**
   * @param proxyVersion the proxy version this meshctl installs; proxies of another one are listed
   */
  KubernetesChecks(KubernetesClient client, Clock clock, String proxyVersion, String namespace) {
    this.client = client;
    this.clock = clock;
    this.proxyVersion = proxyVersion;
    this.namespace = namespace;
  }

  /** The checks before an install. */
  List<ClusterCheck> pre() {
    List<ClusterCheck> results = new ArrayList<>();
    Optional<VersionInfo> version = api(results);
    if (version.isEmpty()) {
      return results;
    }
    results.add(version(version.get()));
    String name = "the control plane namespace " + namespace + " does not exist yet";
    results.add(
        run(
            PRE,
            name,
            () ->
                client.namespaces().withName(namespace).get() == null
                    ? ClusterCheck.passed(PRE, name)
                    : ClusterCheck.failed(
                        PRE,
                        name,
                        "it exists: meshctl is installed already (meshctl check, meshctl upgrade),"
                            + " or remove it with meshctl uninstall | kubectl delete -f -")));
    for (String[] kind : INSTALL_KINDS) {
      results.add(canCreate(kind[0], kind[1]));
    }
    return results;
  }

  /** The checks of an installed mesh. */
  List<ClusterCheck> post() {
    List<ClusterCheck> results = new ArrayList<>();
    Optional<VersionInfo> version = api(results);
    if (version.isEmpty()) {
      return results;
    }
    results.add(version(version.get()));
    results.add(crd(ClusterNames.SERVICE_PROFILE_CRD, true));
    results.add(crd(ClusterNames.HTTP_ROUTE_CRD, false));
    String nsName = "the control plane namespace " + namespace + " exists";
    Namespace ns;
    try {
      ns = client.namespaces().withName(namespace).get();
    } catch (RuntimeException e) {
      results.add(ClusterCheck.failed(CONTROL_PLANE, nsName, KubernetesErrors.reason(e)));
      return results;
    }
    if (ns == null) {
      results.add(
          ClusterCheck.failed(
              CONTROL_PLANE,
              nsName,
              "meshctl is not installed: meshctl install --crds | kubectl apply -f -, then"
                  + " meshctl install | kubectl apply -f -"));
      return results;
    }
    results.add(ClusterCheck.passed(CONTROL_PLANE, nsName));
    for (String deployment : ClusterNames.DEPLOYMENTS) {
      String name = "deployment " + deployment + " has all its replicas ready";
      results.add(run(CONTROL_PLANE, name, () -> deployment(deployment, name)));
    }
    results.addAll(webhook());
    results.addAll(identity());
    results.addAll(dataPlane());
    return results;
  }

  private Optional<VersionInfo> api(List<ClusterCheck> results) {
    String name = "can query the Kubernetes API";
    try {
      VersionInfo version = client.getKubernetesVersion();
      results.add(ClusterCheck.passed(API, name));
      return Optional.of(version);
    } catch (RuntimeException e) {
      String url = client.getConfiguration().getMasterUrl();
      results.add(
          ClusterCheck.failed(
              API,
              name,
              (KubernetesErrors.unreachable(e) ? "cannot reach " : "an error from ")
                  + url
                  + ": "
                  + KubernetesErrors.reason(e)
                  + " (choose the cluster with --kubeconfig and --context)"));
      return Optional.empty();
    }
  }

  private ClusterCheck version(VersionInfo info) {
    String name = "is running Kubernetes 1." + NATIVE_SIDECAR_MINOR + " or newer";
    int major = leadingNumber(info.getMajor());
    int minor = leadingNumber(info.getMinor());
    if (major > 1 || (major == 1 && minor >= NATIVE_SIDECAR_MINOR)) {
      return ClusterCheck.passed(VERSION, name);
    }
    return ClusterCheck.warning(
        VERSION,
        name,
        "the cluster runs Kubernetes "
            + info.getMajor()
            + "."
            + info.getMinor()
            + ", without native sidecar containers: proxies will run in the classic sidecar mode"
            + " (a Job's pod may not finish while its proxy runs)");
  }

  private static int leadingNumber(String text) {
    if (text == null) {
      return 0;
    }
    String digits = text.replaceAll("^(\\d*).*$", "$1");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }

  private ClusterCheck canCreate(String group, String resource) {
    String name = "can create " + resource;
    return run(
        PRE,
        name,
        () -> {
          SelfSubjectAccessReview review =
              new SelfSubjectAccessReviewBuilder()
                  .withNewSpec()
                  .withNewResourceAttributes()
                  .withGroup(group)
                  .withResource(resource)
                  .withVerb("create")
                  .endResourceAttributes()
                  .endSpec()
                  .build();
          SelfSubjectAccessReview answer =
              client.authorization().v1().selfSubjectAccessReview().create(review);
          if (answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed())) {
            return ClusterCheck.passed(PRE, name);
          }
          String reason =
              answer.getStatus() != null && answer.getStatus().getReason() != null
                  ? " (" + answer.getStatus().getReason() + ")"
                  : "";
          return ClusterCheck.failed(
              PRE,
              name,
              "this user may not create "
                  + resource
                  + reason
                  + ": installing needs cluster-admin rights or an equivalent role");
        });
  }

  private ClusterCheck crd(String crd, boolean required) {
    String name = "the CustomResourceDefinition " + crd + " exists";
    return run(
        CRDS,
        name,
        () -> {
          if (client.apiextensions().v1().customResourceDefinitions().withName(crd).get() != null) {
            return ClusterCheck.passed(CRDS, name);
          }
          return required
              ? ClusterCheck.failed(
                  CRDS, name, "install the CRDs: meshctl install --crds | kubectl apply -f -")
              : ClusterCheck.warning(
                  CRDS,
                  name,
                  "the Gateway API is not installed: HTTPRoute traffic splits will be ignored until"
                      + " it is");
        });
  }

  private ClusterCheck deployment(String name, String check) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      return ClusterCheck.failed(
          CONTROL_PLANE, check, "it does not exist: apply the output of meshctl install again");
    }
    int wanted =
        deployment.getSpec() != null && deployment.getSpec().getReplicas() != null
            ? deployment.getSpec().getReplicas()
            : 1;
    var status = deployment.getStatus();
    int ready = status != null && status.getReadyReplicas() != null ? status.getReadyReplicas() : 0;
    int available =
        status != null && status.getAvailableReplicas() != null ? status.getAvailableReplicas() : 0;
    if (ready >= wanted && available >= wanted) {
      return ClusterCheck.passed(CONTROL_PLANE, check);
    }
    return ClusterCheck.failed(
        CONTROL_PLANE,
        check,
        ready
            + " of "
            + wanted
            + " replicas ready, "
            + available
            + " available: see kubectl -n "
            + namespace
            + " describe deployment/"
            + name
            + " and its pods' logs");
  }

  private List<ClusterCheck> webhook() {
    List<ClusterCheck> results = new ArrayList<>();
    String exists = "the webhook configuration " + ClusterNames.WEBHOOK_CONFIGURATION + " exists";
    MutatingWebhookConfiguration configuration;
    try {
      configuration =
          client
              .admissionRegistration()
              .v1()
              .mutatingWebhookConfigurations()
              .withName(ClusterNames.WEBHOOK_CONFIGURATION)
              .get();
    } catch (RuntimeException e) {
      results.add(ClusterCheck.failed(WEBHOOK, exists, KubernetesErrors.reason(e)));
      return results;
    }
    Optional<MutatingWebhook> hook =
        configuration == null || configuration.getWebhooks() == null
            ? Optional.empty()
            : configuration.getWebhooks().stream()
                .filter(w -> ClusterNames.WEBHOOK.equals(w.getName()))
                .findFirst();
    if (hook.isEmpty()) {
      results.add(
          ClusterCheck.failed(
              WEBHOOK,
              exists,
              (configuration == null
                      ? "it does not exist"
                      : "it has no webhook " + ClusterNames.WEBHOOK)
                  + ": apply the output of meshctl install again; until then no pod is injected"));
      return results;
    }
    results.add(ClusterCheck.passed(WEBHOOK, exists));
    String matches = "the webhook's caBundle has signed the injector's certificate";
    results.add(
        run(
            WEBHOOK,
            matches,
            () -> {
              String bundle =
                  hook.get().getClientConfig() == null
                      ? null
                      : hook.get().getClientConfig().getCaBundle();
              if (bundle == null || bundle.isBlank()) {
                return ClusterCheck.failed(WEBHOOK, matches, "the webhook has no caBundle");
              }
              List<X509Certificate> cas =
                  PemCertificates.parse(
                      new String(
                          Base64.getMimeDecoder().decode(bundle), StandardCharsets.US_ASCII));
              X509Certificate serving = secretCertificates(ClusterNames.INJECTOR_SECRET).get(0);
              boolean signed = cas.stream().anyMatch(ca -> PemCertificates.signedBy(serving, ca));
              return signed
                  ? ClusterCheck.passed(WEBHOOK, matches)
                  : ClusterCheck.failed(
                      WEBHOOK,
                      matches,
                      "the API server would not trust the injector (its certificate is issued by "
                          + serving.getIssuerX500Principal().getName()
                          + "): run meshctl upgrade | kubectl apply -f - to write both again");
            }));
    String servingName =
        "the injector's serving certificate (Secret "
            + ClusterNames.INJECTOR_SECRET
            + ") is valid for at least "
            + MIN_VALIDITY.toDays()
            + " days";
    results.add(
        run(
            WEBHOOK,
            servingName,
            () ->
                validity(
                    WEBHOOK,
                    servingName,
                    secretCertificates(ClusterNames.INJECTOR_SECRET).subList(0, 1))));
    results.add(injectsADryRunPod());
    return results;
  }

  /**
   * Whether the API server can call the webhook and gets the proxy back: a pod created as a dry run
   * (nothing is stored, and the webhook declares no side effects) in {@value #PROBE_NAMESPACE},
   * opted in by its own annotation. With {@code failurePolicy: Ignore} an unreachable webhook is
   * otherwise silent: pods are just created without the proxy.
   */
  private ClusterCheck injectsADryRunPod() {
    String name = "the injector adds the proxy to a pod (a dry run in " + PROBE_NAMESPACE + ")";
    Pod probe =
        new PodBuilder()
            .withNewMetadata()
            .withName("meshctl-check-injection")
            .withNamespace(PROBE_NAMESPACE)
            .addToAnnotations(MeshAnnotations.INJECT, "enabled")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("probe")
            .withImage("registry.k8s.io/pause:3.10")
            .endContainer()
            .endSpec()
            .build();
    Pod answer;
    try {
      answer = client.pods().inNamespace(PROBE_NAMESPACE).resource(probe).dryRun().create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return ClusterCheck.warning(
            WEBHOOK,
            name,
            "not allowed to create pods in " + PROBE_NAMESPACE + ", so the webhook was not tried");
      }
      return ClusterCheck.failed(WEBHOOK, name, KubernetesErrors.reason(e));
    }
    if (answer != null && hasProxy(answer)) {
      return ClusterCheck.passed(WEBHOOK, name);
    }
    return ClusterCheck.failed(
        WEBHOOK,
        name,
        "the API server answered with a pod without the proxy: it cannot reach the injector, or"
            + " the injector refused (failurePolicy Ignore lets such pods through unmeshed); see"
            + " kubectl -n "
            + namespace
            + " logs deploy/"
            + "meshctl-injector");
  }

  private List<ClusterCheck> identity() {
    List<ClusterCheck> results = new ArrayList<>();
    String anchorsName =
        "the trust anchors (ConfigMap "
            + ClusterNames.TRUST_ROOTS_CONFIG_MAP
            + ") are valid for at least "
            + MIN_VALIDITY.toDays()
            + " days";
    List<X509Certificate> anchors = List.of();
    try {
      anchors = trustAnchors();
      results.add(validity(anchorsName, anchors));
    } catch (RuntimeException e) {
      results.add(ClusterCheck.failed(IDENTITY, anchorsName, problem(e)));
    }
    String issuerName =
        "the issuer certificate (Secret "
            + ClusterNames.ISSUER_SECRET
            + ") is valid for at least "
            + MIN_VALIDITY.toDays()
            + " days";
    List<X509Certificate> issuer = List.of();
    try {
      issuer = secretCertificates(ClusterNames.ISSUER_SECRET);
      results.add(validity(issuerName, issuer.subList(0, 1)));
    } catch (RuntimeException e) {
      results.add(ClusterCheck.failed(IDENTITY, issuerName, problem(e)));
    }
    String chainName = "the issuer certificate is signed by a trust anchor";
    if (anchors.isEmpty() || issuer.isEmpty()) {
      results.add(
          ClusterCheck.failed(IDENTITY, chainName, "the anchors or the issuer are unreadable"));
    } else {
      X509Certificate issuerCertificate = issuer.get(0);
      boolean chained =
          anchors.stream().anyMatch(a -> PemCertificates.signedBy(issuerCertificate, a));
      results.add(
          chained
              ? ClusterCheck.passed(IDENTITY, chainName)
              : ClusterCheck.failed(
                  IDENTITY,
                  chainName,
                  "no anchor in "
                      + ClusterNames.TRUST_ROOTS_CONFIG_MAP
                      + " signed "
                      + issuerCertificate.getSubjectX500Principal().getName()
                      + ": proxies would reject every certificate the identity service issues"));
    }
    String tapName =
        "the controller's tap certificate (Secret "
            + ClusterNames.TAP_SECRET
            + ") is valid for at least "
            + MIN_VALIDITY.toDays()
            + " days";
    try {
      results.add(validity(tapName, secretCertificates(ClusterNames.TAP_SECRET).subList(0, 1)));
    } catch (RuntimeException e) {
      results.add(ClusterCheck.failed(IDENTITY, tapName, problem(e)));
    }
    return results;
  }

  private ClusterCheck validity(String name, List<X509Certificate> certificates) {
    return validity(IDENTITY, name, certificates);
  }

  private ClusterCheck validity(String section, String name, List<X509Certificate> certificates) {
    Instant now = clock.instant();
    for (X509Certificate certificate : certificates) {
      String subject = certificate.getSubjectX500Principal().getName();
      Instant notBefore = certificate.getNotBefore().toInstant();
      Instant notAfter = certificate.getNotAfter().toInstant();
      if (now.isBefore(notBefore)) {
        return ClusterCheck.failed(
            section, name, subject + " is not valid before " + notBefore + ": check the clocks");
      }
      if (!now.isBefore(notAfter)) {
        return ClusterCheck.failed(
            section,
            name,
            subject + " expired at " + notAfter + ": make a new CA and install it again");
      }
      if (notAfter.isBefore(now.plus(MIN_VALIDITY))) {
        return ClusterCheck.failed(
            section,
            name,
            subject
                + " expires at "
                + notAfter
                + ", within "
                + MIN_VALIDITY.toDays()
                + " days: rotate it before then");
      }
    }
    return ClusterCheck.passed(section, name);
  }

  private List<X509Certificate> trustAnchors() {
    ConfigMap map =
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(ClusterNames.TRUST_ROOTS_CONFIG_MAP)
            .get();
    if (map == null) {
      throw new IllegalArgumentException("the ConfigMap does not exist");
    }
    String pem = map.getData() == null ? null : map.getData().get(ClusterNames.TRUST_ROOTS_KEY);
    if (pem == null) {
      throw new IllegalArgumentException("the ConfigMap has no " + ClusterNames.TRUST_ROOTS_KEY);
    }
    return PemCertificates.parse(pem);
  }

  /** The certificates of a {@code kubernetes.io/tls} Secret's {@code tls.crt}, leaf first. */
  private List<X509Certificate> secretCertificates(String secretName) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (secret == null) {
      throw new IllegalArgumentException("the Secret " + secretName + " does not exist");
    }
    Map<String, String> data = secret.getData();
    String pem = PemCertificates.decode(data == null ? null : data.get(ClusterNames.TLS_CRT));
    if (pem == null) {
      throw new IllegalArgumentException(
          "the Secret " + secretName + " has no readable " + ClusterNames.TLS_CRT);
    }
    return PemCertificates.parse(pem);
  }

  private List<ClusterCheck> dataPlane() {
    List<ClusterCheck> results = new ArrayList<>();
    String versionName = "every proxy runs version " + proxyVersion;
    String meshedName = "every pod in a namespace with injection enabled has a proxy";
    List<Pod> pods;
    Set<String> meshedNamespaces = new TreeSet<>();
    try {
      pods = client.pods().inAnyNamespace().list().getItems();
      for (Namespace ns : client.namespaces().list().getItems()) {
        Map<String, String> annotations = ns.getMetadata().getAnnotations();
        if (annotations != null
            && MeshAnnotations.ENABLED.equals(annotations.get(MeshAnnotations.INJECT))) {
          meshedNamespaces.add(ns.getMetadata().getName());
        }
      }
    } catch (RuntimeException e) {
      results.add(ClusterCheck.failed(DATA_PLANE, versionName, KubernetesErrors.reason(e)));
      return results;
    }
    List<String> outdated = new ArrayList<>();
    List<String> unmeshed = new ArrayList<>();
    for (Pod pod : pods) {
      String podName = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
      Map<String, String> annotations =
          pod.getMetadata().getAnnotations() == null
              ? Map.of()
              : pod.getMetadata().getAnnotations();
      if (hasProxy(pod)) {
        String version = annotations.get(MeshAnnotations.PROXY_VERSION);
        if (!proxyVersion.equals(version)) {
          outdated.add(podName + " (" + (version == null ? "unknown" : version) + ")");
        }
      } else if (meshedNamespaces.contains(pod.getMetadata().getNamespace())
          && !MeshAnnotations.DISABLED.equals(annotations.get(MeshAnnotations.INJECT))
          && !finished(pod)) {
        unmeshed.add(podName);
      }
    }
    results.add(
        outdated.isEmpty()
            ? ClusterCheck.passed(DATA_PLANE, versionName)
            : ClusterCheck.warning(
                DATA_PLANE,
                versionName,
                "proxies of another version: "
                    + String.join(", ", outdated)
                    + "; restart their workloads (kubectl rollout restart) to update them"));
    results.add(
        unmeshed.isEmpty()
            ? ClusterCheck.passed(DATA_PLANE, meshedName)
            : ClusterCheck.warning(
                DATA_PLANE,
                meshedName,
                "pods without a proxy: "
                    + String.join(", ", unmeshed)
                    + "; they started before injection was enabled or the injector was down:"
                    + " restart their workloads"));
    return results;
  }

  private static boolean hasProxy(Pod pod) {
    if (pod.getSpec() == null) {
      return false;
    }
    Stream<Container> containers =
        Stream.concat(
            pod.getSpec().getContainers() == null
                ? Stream.empty()
                : pod.getSpec().getContainers().stream(),
            pod.getSpec().getInitContainers() == null
                ? Stream.empty()
                : pod.getSpec().getInitContainers().stream());
    return containers.anyMatch(c -> ClusterNames.PROXY_CONTAINER.equals(c.getName()));
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static String problem(RuntimeException e) {
    return e instanceof IllegalArgumentException ? e.getMessage() : KubernetesErrors.reason(e);
  }

  /** Runs one check; a request that fails becomes the check's failure rather than the report's. */
  private static ClusterCheck run(String section, String name, Supplier<ClusterCheck> check) {
    try {
      return check.get();
    } catch (RuntimeException e) {
      return ClusterCheck.failed(section, name, problem(e));
    }
  }
}
