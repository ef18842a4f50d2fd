package dev.meshctl.cli;

import dev.meshctl.injection.InjectionConfig;
import dev.meshctl.injection.InjectionConfigException;
import dev.meshctl.injection.InjectionResult;
import dev.meshctl.injection.NativeSidecarMode;
import dev.meshctl.injection.PodInjector;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl inject}: adds the proxy to the pod templates of manifests, the way the webhook
 * would, for {@code kubectl apply -f -}.
 */
@Command(
    name = "inject",
    description = {
      "Add the mesh proxy to the workloads of Kubernetes manifests, for kubectl apply -f -.",
      "Patched: Pods, and the pod templates of Deployments, StatefulSets, DaemonSets,"
          + " ReplicaSets, ReplicationControllers, Jobs and CronJobs, in Lists too. Other"
          + " documents are printed unchanged, in their order; a pod annotated meshctl.dev/inject:"
          + " disabled, one with a proxy already and one in the control plane's namespace are"
          + " left alone. One line per object on stderr says what was done.",
      "The injection config comes from the ConfigMap "
          + ClusterNames.CONFIG_MAP
          + " of the installed control plane, or from --config."
    },
    mixinStandardHelpOptions = true,
    sortOptions = false,
    footerHeading = "%nExamples:%n",
    footer = {
      "  kubectl get deploy -n demo -o yaml | meshctl inject | kubectl apply -f -",
      "  meshctl inject app.yaml > app-meshed.yaml",
      "  meshctl inject https://example.com/app.yaml --config config.yaml \\",
      "      --native-sidecar disabled"
    })
final class InjectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ManifestSourceParameter manifests;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The injection config (the config.yaml of ConfigMap "
              + ClusterNames.CONFIG_MAP
              + ") instead of the cluster's.")
  Path config;

  @Option(
      names = "--native-sidecar",
      paramLabel = "MODE",
      description =
          "auto: a native sidecar (restartable init container) when the cluster runs Kubernetes"
              + " 1.29+, or cannot be asked; enabled: always; disabled: a classic sidecar"
              + " container (default: ${DEFAULT-VALUE}).",
      defaultValue = "auto")
  String nativeSidecar;

  @Mixin KubernetesOptions kubernetes;

  @Override
  public Integer call() {
    NativeSidecarMode mode =
        NativeSidecarMode.parse(nativeSidecar)
            .orElseThrow(
                () ->
                    new UsageException(
                        "--native-sidecar "
                            + nativeSidecar
                            + ": expected auto, enabled or disabled"));
    String input = manifests.read();
    InjectionConfig injection;
    boolean clusterSupportsNative;
    if (config != null && (mode != NativeSidecarMode.AUTO || !kubernetes.configured())) {
      injection = fromFile(config);
      clusterSupportsNative = mode != NativeSidecarMode.DISABLED;
    } else {
      try (KubernetesClient client = clusterClient()) {
        injection = config != null ? fromFile(config) : fromCluster(client);
        clusterSupportsNative =
            switch (mode) {
              case ENABLED -> true;
              case DISABLED -> false;
              case AUTO -> nativeSidecars(client);
            };
      }
    }
    if (mode != NativeSidecarMode.AUTO) {
      injection = withNativeSidecar(injection, mode);
    }
    PodInjector injector = new PodInjector(injection);
    boolean nativeSupported = clusterSupportsNative;
    ManifestRewriter.Result result =
        new ManifestRewriter(
                new PodTemplateRewrite() {
                  @Override
                  public String verb() {
                    return "injected";
                  }

                  @Override
                  public Outcome apply(Pod pod, String namespace) {
                    InjectionResult injected =
                        injector.injectExplicitly(pod, namespace, nativeSupported);
                    return injected.injected()
                        ? Outcome.changed(injected.pod())
                        : Outcome.skipped(injected.reason());
                  }
                })
            .rewrite(manifests.name(), input);
    result.print(spec.commandLine());
    return ExitCodes.OK;
  }

  private KubernetesClient clusterClient() {
    if (!kubernetes.configured()) {
      throw new UserFacingException(
          "no cluster to read the injection config from (no kubeconfig): give --config FILE");
    }
    return kubernetes.client();
  }

  private static InjectionConfig fromFile(Path file) {
    try {
      return InjectionConfig.parse(Files.readString(file));
    } catch (IOException e) {
      throw new UsageException("cannot read --config " + file + ": " + e.getMessage());
    } catch (InjectionConfigException e) {
      throw new UsageException("--config " + file + ": " + e.getMessage());
    }
  }

  private static InjectionConfig fromCluster(KubernetesClient client) {
    ConfigMap map;
    try {
      map =
          client
              .configMaps()
              .inNamespace(ClusterNames.NAMESPACE)
              .withName(ClusterNames.CONFIG_MAP)
              .get();
    } catch (RuntimeException e) {
      throw new UserFacingException(
          KubernetesErrors.explain(client, e).getMessage()
              + " (to read the injection config; give --config FILE to inject without a cluster)",
          e);
    }
    String yaml =
        map == null || map.getData() == null ? null : map.getData().get(ClusterNames.CONFIG_KEY);
    if (yaml == null) {
      throw new UserFacingException(
          "no ConfigMap "
              + ClusterNames.CONFIG_MAP
              + " with "
              + ClusterNames.CONFIG_KEY
              + " in namespace "
              + ClusterNames.NAMESPACE
              + ": is meshctl installed? (or give --config FILE)");
    }
    try {
      return InjectionConfig.parse(yaml);
    } catch (InjectionConfigException e) {
      throw new UserFacingException(
          "the ConfigMap "
              + ClusterNames.CONFIG_MAP
              + " is not a valid injection config: "
              + e.getMessage());
    }
  }

  /** The cluster's answer when it gives one; a cluster that cannot be asked gets native ones. */
  private static boolean nativeSidecars(KubernetesClient client) {
    try {
      VersionInfo version = client.getKubernetesVersion();
      int major = Integer.parseInt(version.getMajor().replaceAll("\\D.*$", ""));
      int minor = Integer.parseInt(version.getMinor().replaceAll("\\D.*$", ""));
      return major > 1 || minor >= KubernetesChecks.NATIVE_SIDECAR_MINOR;
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static InjectionConfig withNativeSidecar(InjectionConfig config, NativeSidecarMode mode) {
    InjectionConfig.ProxyConfig proxy = config.proxy();
    return new InjectionConfig(
        config.version(),
        config.controlPlaneNamespace(),
        config.clusterDomain(),
        config.trustDomain(),
        config.tokenAudience(),
        config.trustAnchorsPEM(),
        new InjectionConfig.ProxyConfig(
            proxy.image(),
            proxy.imagePullPolicy(),
            proxy.uid(),
            proxy.logLevel(),
            proxy.opaquePorts(),
            proxy.cpuRequest(),
            proxy.memoryRequest(),
            proxy.cpuLimit(),
            proxy.memoryLimit(),
            mode));
  }
}
