package dev.meshctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl uninstall}: prints every cluster-level object labelled {@code
 * app.kubernetes.io/part-of=meshctl} (the control plane's namespace takes everything in it along)
 * as YAML for {@code kubectl delete -f -}.
 */
@Command(
    name = "uninstall",
    description = {
      "Print the objects of the mesh for kubectl delete -f -.",
      "They are every webhook configuration,"
          + " namespace, ClusterRole and ClusterRoleBinding labelled "
          + ClusterNames.PART_OF_LABEL
          + "="
          + ClusterNames.PART_OF
          + " (deleting the namespace deletes the control plane in it), and with --crds the CRDs"
          + " too, which deletes every ServiceProfile.",
      "Meshed pods keep their proxies until restarted: take the annotation off their"
          + " namespaces and restart them, or meshctl uninject their manifests."
    },
    mixinStandardHelpOptions = true,
    sortOptions = false,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meshctl uninstall | kubectl delete -f -",
      "  meshctl uninstall --crds | kubectl delete -f -"
    })
final class UninstallCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--crds",
      description = "Also the CustomResourceDefinitions (and with them every custom resource).")
  boolean crds;

  @Mixin KubernetesOptions kubernetes;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<HasMetadata> objects = new ArrayList<>();
    try (KubernetesClient client = kubernetes.client()) {
      try {
        // The webhook first: with failurePolicy Fail, pods could not be created once the
        // injector is gone.
        objects.addAll(
            labelled(client.admissionRegistration().v1().mutatingWebhookConfigurations()));
        objects.addAll(labelled(client.namespaces()));
        objects.addAll(labelled(client.rbac().clusterRoleBindings()));
        objects.addAll(labelled(client.rbac().clusterRoles()));
        if (crds) {
          objects.addAll(labelled(client.apiextensions().v1().customResourceDefinitions()));
        }
      } catch (RuntimeException e) {
        throw KubernetesErrors.explain(client, e);
      }
    }
    if (objects.isEmpty()) {
      throw new UserFacingException(
          "nothing labelled "
              + ClusterNames.PART_OF_LABEL
              + "="
              + ClusterNames.PART_OF
              + " in the cluster: meshctl is not installed");
    }
    for (HasMetadata object : objects) {
      out.print(minimalYaml(object));
    }
    spec.commandLine()
        .getErr()
        .println(objects.size() + " objects to delete; next: kubectl delete -f -");
    return ExitCodes.OK;
  }

  /** The mesh's objects of one kind, by name. */
  private static <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> labelled(
      FilterWatchListDeletable<T, L, ?> kind) {
    return kind
        .withLabel(ClusterNames.PART_OF_LABEL, ClusterNames.PART_OF)
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparing(o -> o.getMetadata().getName()))
        .toList();
  }

  /** What kubectl delete needs of an object: its kind, API version, name and labels. */
  private static String minimalYaml(HasMetadata object) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", object.getMetadata().getName());
    if (object.getMetadata().getLabels() != null) {
      metadata.put("labels", object.getMetadata().getLabels());
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", object.getApiVersion());
    document.put("kind", object.getKind());
    document.put("metadata", metadata);
    try {
      return "---\n" + ValueOverrides.yaml().writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + object.getMetadata().getName(), e);
    }
  }
}
