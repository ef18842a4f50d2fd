package dev.meshctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl check}: runs {@link MeshChecks} against the local mesh (or a control plane's
 * controller API) and prints one line per check, with a hint under each failure.
 */
@Command(
    name = "check",
    description = {
      "Check that the mesh is healthy: one line per check, a hint under each failure, exit code 1"
          + " when any check fails.",
      "For the local mesh (--local, the default when $MESHCTL_HOME/local/mesh.json exists): its"
          + " processes are alive, the controller API answers, the controller and the identity"
          + " service are ready, the dashboard answers, every proxy is ready, the issuer"
          + " certificate is valid for at least a day, and meshctl and the control plane have the"
          + " same version.",
      "On Kubernetes (--kubernetes, the default when no local mesh runs and a kubeconfig or an"
          + " in-cluster service account is there): the API answers, Kubernetes is 1.29 or newer"
          + " (older: a warning, proxies run as classic sidecars), the CRDs, the control plane's"
          + " namespace and its four Deployments with every replica ready, the webhook and its"
          + " caBundle, the trust anchors, issuer and tap certificates (valid for 60 more days,"
          + " the issuer signed by an anchor), and the data plane: proxies of another version and"
          + " pods without a proxy in namespaces with injection enabled are warnings (‼).",
      "With --pre, before an install: the API, its version, the RBAC to create what an install"
          + " creates, and no control plane namespace yet.",
      "With --api-addr: the controller API there answers and has meshctl's version."
    },
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  # the local mesh started by ./meshctl demo",
      "  meshctl check",
      "",
      "  # the cluster of the current kubeconfig context, before and after installing",
      "  meshctl check --pre",
      "  meshctl check --kubernetes --context kind-mesh",
      "",
      "  # a controller elsewhere, as JSON",
      "  meshctl check --api-addr http://10.0.0.5:8085 -o json"
    })
final class CheckCommand implements Callable<Integer> {

  static final String PASSED = "√";
  static final String FAILED = "×";

  /** Each readiness probe's budget: a check of ten components must still finish promptly. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  @Spec CommandSpec spec;

  @Mixin OutputFormatOption output;

  @Mixin ControllerAddressOption address;

  @Mixin MeshHomeOption home;

  @Mixin KubernetesOptions kubernetes;

  @Option(
      names = "--kubernetes",
      description = "Check the mesh installed in the cluster of the kubeconfig's context.")
  boolean checkKubernetes;

  @Option(
      names = "--pre",
      description = "Check that the cluster is ready for meshctl install (implies --kubernetes).")
  boolean pre;

  @Option(
      names = "--local",
      description =
          "Check the local mesh even when no local mesh file exists (which then fails the first"
              + " check).")
  boolean local;

  @Override
  public Integer call() throws Exception {
    if (local && (checkKubernetes || pre)) {
      throw new UsageException("--local cannot be combined with --kubernetes or --pre");
    }
    MeshHome meshHome = home.resolve();
    if (checkKubernetes
        || pre
        || (!local
            && address.apiAddr == null
            && !Files.exists(meshHome.localMeshFile())
            && kubernetes.configured())) {
      return checkCluster();
    }
    boolean checkLocal = local || Files.exists(meshHome.localMeshFile());
    MeshChecks checks =
        new MeshChecks(
            HealthProbe.create(PROBE_TIMEOUT),
            base -> ControllerApiClient.create(base, PROBE_TIMEOUT),
            Clock.systemUTC(),
            BuildInfo.version());
    List<CheckResult> results =
        checkLocal ? checks.local(meshHome) : checks.remote(home.controllerApi(address));
    boolean success = results.stream().allMatch(CheckResult::success);
    if (output.json()) {
      printJson(results, success);
    } else {
      printTable(
          results,
          success,
          checkLocal
              ? "Local mesh (" + meshHome.localMeshFile() + ")"
              : "Control plane (" + home.controllerApi(address) + ")");
    }
    return success ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private int checkCluster() throws Exception {
    List<ClusterCheck> results;
    try (KubernetesClient client = kubernetes.client()) {
      KubernetesChecks checks =
          new KubernetesChecks(
              client, Clock.systemUTC(), BuildInfo.proxyVersion(), ClusterNames.NAMESPACE);
      results = pre ? checks.pre() : checks.post();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      ClusterCheckReport.printJson(out, results);
    } else {
      ClusterCheckReport.printTable(out, results);
    }
    return results.stream().anyMatch(ClusterCheck::failed) ? ExitCodes.FAILED : ExitCodes.OK;
  }

  private void printTable(List<CheckResult> results, boolean success, String title) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(title);
    out.println("-".repeat(title.length()));
    for (CheckResult result : results) {
      out.println((result.success() ? PASSED : FAILED) + " " + result.name());
      if (!result.success() && result.hint() != null) {
        out.println("    " + result.hint());
      }
    }
    out.println();
    long failed = results.stream().filter(r -> !r.success()).count();
    out.println(
        success
            ? "Status check results are " + PASSED
            : "Status check results are "
                + FAILED
                + ": "
                + failed
                + " of "
                + results.size()
                + " checks failed");
  }

  private void printJson(List<CheckResult> results, boolean success) throws Exception {
    ObjectMapper json = ControllerApiClient.mapper();
    ObjectNode document = json.createObjectNode().put("success", success);
    ArrayNode checks = document.putArray("checks");
    for (CheckResult result : results) {
      ObjectNode check =
          checks.addObject().put("name", result.name()).put("success", result.success());
      if (result.hint() != null) {
        check.put("hint", result.hint());
      }
    }
    spec.commandLine()
        .getOut()
        .println(json.writerWithDefaultPrettyPrinter().writeValueAsString(document));
  }
}
