package dev.meshctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl stat}: the golden metrics (success rate, requests per second, latency percentiles,
 * open TCP connections) of resources, read from the controller's {@code /api/v1/stat}.
 */
@Command(
    name = "stat",
    description = {
      "Show the golden metrics of meshed resources: success rate, requests per second, latency"
          + " percentiles and open TCP connections, over a time window.",
      "Inbound traffic of the resource by default; with --from, the traffic the --from resource"
          + " sends to it; with --to, the traffic it sends to the --to resource."
    },
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  # every deployment of namespace demo, over the last minute",
      "  meshctl stat deploy -n demo",
      "",
      "  # one deployment over the last 5 minutes, as JSON",
      "  meshctl stat deploy/web -n demo -t 5m -o json",
      "",
      "  # what web sends to books",
      "  meshctl stat deploy/books -n demo --from deploy/web",
      "",
      "  # every namespace, and the deployments of every namespace",
      "  meshctl stat ns",
      "  meshctl stat deploy -A"
    })
final class StatCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "RESOURCE",
      description =
          "TYPE or TYPE/NAME. TYPE is one of namespace (ns), deployment (deploy), statefulset"
              + " (sts), daemonset (ds), pod (po), authority (au); plurals work too.")
  String resource;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      defaultValue = "default",
      description = "Namespace of the resources (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Show the resources of every namespace, with a NAMESPACE column.")
  boolean allNamespaces;

  @Option(
      names = "--from",
      paramLabel = "RESOURCE",
      description = "Only the traffic that comes from this resource (TYPE/NAME).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "RESOURCE",
      description = "Only the traffic that goes to this resource (TYPE/NAME).")
  String to;

  @Option(
      names = {"-t", "--time-window"},
      defaultValue = "1m",
      converter = TimeWindow.Converter.class,
      paramLabel = "DURATION",
      description = "How far back to look, e.g. 10s, 1m, 5m (default: ${DEFAULT-VALUE}).")
  TimeWindow window;

  @Mixin TabularOutputOption output;

  @Mixin ControllerAddressOption address;

  @Mixin MeshHomeOption home;

  @Override
  public Integer call() throws Exception {
    MeshResource target = MeshResource.parse(resource);
    MeshResource source = from == null ? null : MeshResource.parse(from);
    MeshResource destination = to == null ? null : MeshResource.parse(to);
    if (source != null && destination != null) {
      throw new UsageException("--from and --to cannot be combined: pick one direction");
    }
    ControllerApiClient api = ControllerApiClient.create(home.controllerApi(address));
    boolean perNamespace = allNamespaces && target.type() != ResourceKind.NAMESPACE;
    List<String> namespaces = perNamespace ? namespaces(api) : List.of(namespace);

    List<StatRow> rows = new ArrayList<>();
    ObjectNode json = null;
    List<String> notes = new ArrayList<>();
    for (String ns : namespaces) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("resource", target.queryValue());
      query.put("namespace", ns);
      query.put("from", source == null ? null : source.queryValue());
      query.put("to", destination == null ? null : destination.queryValue());
      query.put("window", window.text());
      ApiRows<StatRow> answer =
          ApiRows.of(api.get("/api/v1/stat", query), StatRow.class, api.json(), "stat");
      rows.addAll(answer.rows());
      json = merge(json, answer.document(), api);
      if (answer.note() != null && !notes.contains(answer.note())) {
        notes.add(answer.note());
      }
    }
    if (json == null) {
      json = api.json().createObjectNode().put("window", window.text());
      json.putArray("rows");
    }
    print(target, rows, json, perNamespace, api);
    if (!output.json()) {
      notes.forEach(note -> spec.commandLine().getErr().println("Note: " + note));
    }
    return ExitCodes.OK;
  }

  private void print(
      MeshResource target,
      List<StatRow> rows,
      ObjectNode json,
      boolean perNamespace,
      ControllerApiClient api)
      throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output.json()) {
      out.println(api.json().writerWithDefaultPrettyPrinter().writeValueAsString(json));
      return;
    }
    if (rows.isEmpty()) {
      boolean namespaced = !perNamespace && target.type() != ResourceKind.NAMESPACE;
      err.println(
          "No " + target + " found" + (namespaced ? " in namespace " + namespace + "." : "."));
      return;
    }
    List<String> headers = new ArrayList<>();
    if (perNamespace) {
      headers.add("NAMESPACE");
    }
    headers.addAll(
        List.of(
            "NAME",
            "MESHED",
            "SUCCESS",
            "RPS",
            "LATENCY_P50",
            "LATENCY_P95",
            "LATENCY_P99",
            "TCP_CONN"));
    if (output.wide()) {
      headers.add("KIND");
    }
    TextTable table = new TextTable(headers);
    for (StatRow row : rows) {
      List<String> cells = new ArrayList<>();
      if (perNamespace) {
        cells.add(row.namespace());
      }
      cells.addAll(
          List.of(
              row.name(),
              meshed(row),
              MetricCells.successRate(row.successRate()),
              MetricCells.rps(row.rps()),
              MetricCells.latency(row.latencyP50Ms()),
              MetricCells.latency(row.latencyP95Ms()),
              MetricCells.latency(row.latencyP99Ms()),
              MetricCells.count(row.tcpConnections())));
      if (output.wide()) {
        cells.add(row.kind());
      }
      table.add(cells);
    }
    table.print(out);
    if (rows.stream().allMatch(row -> row.successRate() == null)) {
      err.println(
          "No requests in the last "
              + window
              + " yet: SUCCESS and LATENCY show '-' until traffic arrives.");
    }
  }

  /**
   * The answers of several namespaces (with {@code -A}) as one document: the first answer's fields,
   * every answer's rows.
   */
  private static ObjectNode merge(ObjectNode merged, JsonNode answer, ControllerApiClient api) {
    if (merged == null) {
      return answer.isObject() ? ((ObjectNode) answer).deepCopy() : api.json().createObjectNode();
    }
    ((ArrayNode) merged.get("rows")).addAll((ArrayNode) answer.get("rows"));
    return merged;
  }

  /** {@code 1/2}: meshed pods of all pods; authorities have no pods of their own. */
  private static String meshed(StatRow row) {
    if (ResourceKind.AUTHORITY.kind.equals(row.kind())) {
      return MetricCells.NONE;
    }
    return row.meshedPods() + "/" + row.pods();
  }

  /** The names of every namespace the controller knows, from {@code /api/v1/namespaces}. */
  private static List<String> namespaces(ControllerApiClient api) {
    JsonNode answer = api.get("/api/v1/namespaces", Map.of());
    if (!answer.isArray()) {
      throw new UserFacingException(
          "the controller's answer to /api/v1/namespaces is not a list: " + answer);
    }
    List<String> names = new ArrayList<>();
    for (JsonNode ns : answer) {
      JsonNode name = ns.get("name");
      if (name != null && name.isTextual()) {
        names.add(name.asText());
      }
    }
    return names;
  }
}
