package dev.meshctl.cli;

import dev.meshctl.injection.InjectionConfig;
import dev.meshctl.injection.PodInjector;
import dev.meshctl.injection.UninjectResult;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meshctl uninject}: takes what {@code inject} (or the webhook) added out of manifests. */
@Command(
    name = "uninject",
    description = {
      "Remove the mesh proxy from the workloads of Kubernetes manifests.",
      "Removed: the proxy and init containers, their volumes and the annotations injection"
          + " wrote, from Pods and the pod templates of Deployments, StatefulSets, DaemonSets,"
          + " ReplicaSets, ReplicationControllers, Jobs and CronJobs, in Lists too. Other"
          + " documents are printed unchanged, in their order. One line per object on stderr."
          + " No cluster is needed."
    },
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  kubectl get deploy/web -n demo -o yaml | meshctl uninject | kubectl apply -f -",
      "  meshctl uninject app-meshed.yaml > app.yaml"
    })
final class UninjectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ManifestSourceParameter manifests;

  @Override
  public Integer call() {
    String input = manifests.read();
    // Uninjecting reads no setting of the config: any valid one will do.
    PodInjector injector =
        new PodInjector(
            new InjectionConfig(
                InjectionConfig.DEFAULT_VERSION,
                InjectionConfig.DEFAULT_CONTROL_PLANE_NAMESPACE,
                InjectionConfig.DEFAULT_CLUSTER_DOMAIN,
                InjectionConfig.DEFAULT_TRUST_DOMAIN,
                InjectionConfig.DEFAULT_TOKEN_AUDIENCE,
                "",
                InjectionConfig.ProxyConfig.defaults(InjectionConfig.DEFAULT_VERSION)));
    ManifestRewriter.Result result =
        new ManifestRewriter(
                new PodTemplateRewrite() {
                  @Override
                  public String verb() {
                    return "uninjected";
                  }

                  @Override
                  public Outcome apply(Pod pod, String namespace) {
                    UninjectResult removed = injector.uninject(pod);
                    return removed.changed()
                        ? Outcome.changed(removed.pod())
                        : Outcome.skipped("no proxy to remove");
                  }
                })
            .rewrite(manifests.name(), input);
    result.print(spec.commandLine());
    return ExitCodes.OK;
  }
}
