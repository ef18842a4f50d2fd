package dev.meshctl.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --kubeconfig} and {@code --context} options of every command that talks to a cluster,
 * and the fabric8 client they make. Without {@code --kubeconfig}: {@code $KUBECONFIG}, then {@code
 * ~/.kube/config}, then the pod's in-cluster service account, as kubectl does.
 */
final class KubernetesOptions {

  /** A cluster that does not answer within this long counts as unreachable. */
  static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  static final int REQUEST_TIMEOUT_MILLIS = 15_000;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "The kubeconfig context (default: its current context).")
  String context;

  /** Whether a cluster is configured at all: a kubeconfig given or found, or running in a pod. */
  boolean configured() {
    if (kubeconfig != null || context != null) {
      return true;
    }
    if (System.getenv(Config.KUBERNETES_SERVICE_HOST_PROPERTY) != null) {
      return true;
    }
    return Config.getKubeconfigFilenames().stream().map(File::new).anyMatch(File::isFile);
  }

  /** A client for the configured cluster; it has not talked to the cluster yet. */
  KubernetesClient client() {
    Config config = config();
    config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
    config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private Config config() {
    if (kubeconfig == null) {
      return Config.autoConfigure(context);
    }
    String text;
    try {
      text = Files.readString(kubeconfig);
    } catch (IOException e) {
      throw new UsageException("cannot read the kubeconfig " + kubeconfig + ": " + e.getMessage());
    }
    try {
      return Config.fromKubeconfig(context, text, kubeconfig.toAbsolutePath().toString());
    } catch (RuntimeException e) {
      throw new UsageException(
          "the kubeconfig " + kubeconfig + " cannot be used: " + KubernetesErrors.reason(e));
    }
  }
}
