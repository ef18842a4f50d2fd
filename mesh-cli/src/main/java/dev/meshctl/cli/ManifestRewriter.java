package dev.meshctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Applies a {@link PodTemplateRewrite} to every pod template of a multi-document YAML stream: Pods,
 * the templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs
 * and CronJobs, and the items of Lists. Documents are kept in order; one that does not change is
 * written back exactly as it came, one that does is written anew.
 */
final class ManifestRewriter {

  /** A document separator: {@code ---} alone on its line, or followed by a space and more. */
  private static final Pattern SEPARATOR = Pattern.compile("(?m)^---(?:[ \\t].*)?\\r?$\\n?");

  /** Where each kind keeps its pod template. */
  private static final Map<String, List<String>> TEMPLATE_PATHS =
      Map.of(
          "Pod", List.of(),
          "Deployment", List.of("spec", "template"),
          "StatefulSet", List.of("spec", "template"),
          "DaemonSet", List.of("spec", "template"),
          "ReplicaSet", List.of("spec", "template"),
          "ReplicationController", List.of("spec", "template"),
          "Job", List.of("spec", "template"),
          "CronJob", List.of("spec", "jobTemplate", "spec", "template"));

  private static final ObjectMapper YAML_READER = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The rewritten stream and one line per object saying what happened to it. */
  record Result(String yaml, List<String> summary) {

    /** The manifests on stdout, then what was done to them on stderr (one terminal shows both). */
    void print(CommandLine commandLine) {
      commandLine.getOut().print(yaml);
      commandLine.getOut().flush();
      summary.forEach(commandLine.getErr()::println);
    }
  }

  private final PodTemplateRewrite rewrite;

  ManifestRewriter(PodTemplateRewrite rewrite) {
    this.rewrite = rewrite;
  }

  Result rewrite(String source, String input) {
    List<String> documents = split(input);
    List<String> summary = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < documents.size(); i++) {
      String text = documents.get(i);
      JsonNode document;
      try {
        document = YAML_READER.readTree(text);
      } catch (JsonProcessingException e) {
        throw new UserFacingException(
            "document "
                + (i + 1)
                + " of "
                + source
                + " is not valid YAML: "
                + e.getOriginalMessage().lines().findFirst().orElse(""));
      }
      if (document == null || document.isMissingNode() || document.isNull()) {
        if (!text.isBlank()) {
          out.append("---\n").append(text);
        }
        continue;
      }
      String written = text;
      if (document instanceof ObjectNode object && object.hasNonNull("kind")) {
        if (rewriteObject(object, i + 1, summary)) {
          written = toYaml(object);
        }
      } else {
        summary.add("document " + (i + 1) + " skipped: not a Kubernetes object");
      }
      out.append("---\n").append(written);
      if (!written.endsWith("\n")) {
        out.append('\n');
      }
    }
    return new Result(out.toString(), summary);
  }

  /** Rewrites {@code object} in place; returns whether anything changed. */
  private boolean rewriteObject(ObjectNode object, int documentNumber, List<String> summary) {
    String kind = object.path("kind").asText();
    String label =
        kind.toLowerCase(Locale.ROOT) + "/" + object.path("metadata").path("name").asText("?");
    if (kind.endsWith("List") && object.get("items") instanceof ArrayNode items) {
      boolean changed = false;
      for (JsonNode item : items) {
        if (item instanceof ObjectNode itemObject && itemObject.hasNonNull("kind")) {
          changed |= rewriteObject(itemObject, documentNumber, summary);
        }
      }
      return changed;
    }
    List<String> path = TEMPLATE_PATHS.get(kind);
    if (path == null) {
      summary.add(label + " skipped: not a workload");
      return false;
    }
    JsonNode node = object;
    for (String step : path) {
      node = node.path(step);
    }
    if (!(node instanceof ObjectNode template)) {
      summary.add(label + " skipped: it has no pod template");
      return false;
    }
    String namespace = object.path("metadata").path("namespace").asText("default");
    Pod pod = toPod(template, documentNumber, label);
    PodTemplateRewrite.Outcome outcome = rewrite.apply(pod, namespace);
    if (!outcome.isChanged()) {
      summary.add(label + " skipped: " + outcome.skipped());
      return false;
    }
    JsonNode rewritten = JSON.valueToTree(outcome.pod());
    setOrRemove(template, "metadata", rewritten.get("metadata"));
    setOrRemove(template, "spec", rewritten.get("spec"));
    summary.add(label + " " + rewrite.verb());
    return true;
  }

  private static Pod toPod(ObjectNode template, int documentNumber, String label) {
    ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    if (template.has("metadata")) {
      pod.set("metadata", template.get("metadata"));
    }
    if (template.has("spec")) {
      pod.set("spec", template.get("spec"));
    }
    try {
      return JSON.treeToValue(pod, Pod.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new UserFacingException(
          "document "
              + documentNumber
              + " ("
              + label
              + ") has a pod template that is not a valid pod: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static void setOrRemove(ObjectNode target, String field, JsonNode value) {
    if (value == null || value.isNull() || (value.isObject() && value.isEmpty())) {
      target.remove(field);
    } else {
      target.set(field, value);
    }
  }

  private static String toYaml(JsonNode node) {
    try {
      return ValueOverrides.yaml().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
  }

  /** The documents of a stream, without their separators. */
  static List<String> split(String input) {
    List<String> documents = new ArrayList<>();
    var matcher = SEPARATOR.matcher(input);
    int start = 0;
    while (matcher.find()) {
      documents.add(input.substring(start, matcher.start()));
      start = matcher.end();
    }
    documents.add(input.substring(start));
    if (!documents.isEmpty() && documents.get(0).isBlank()) {
      documents.remove(0);
    }
    return documents;
  }
}
