package dev.meshctl.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
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
 * {@code meshctl edges}: which resources of a namespace talk to which, and whether that traffic is
 * mutual TLS, read from the controller's {@code /api/v1/edges}.
 */
@Command(
    name = "edges",
    description = {
      "Show which resources of a namespace send traffic to which, with the identities on both"
          + " ends and whether the traffic is secured by mutual TLS.",
      "Based on the traffic of the last minute."
    },
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  # who talks to whom among the deployments of namespace demo",
      "  meshctl edges deploy -n demo",
      "",
      "  # with the identities and the request rate",
      "  meshctl edges deploy -n demo -o wide"
    })
final class EdgesCommand implements Callable<Integer> {

  static final String SECURED = "√";
  static final String NOT_SECURED = "×";

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "RESOURCE_TYPE",
      description =
          "One of deployment (deploy), statefulset (sts), daemonset (ds), pod (po), namespace"
              + " (ns), authority (au).")
  String resourceType;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      defaultValue = "default",
      description = "Namespace of the resources (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Mixin TabularOutputOption output;

  @Mixin ControllerAddressOption address;

  @Mixin MeshHomeOption home;

  @Override
  public Integer call() throws Exception {
    MeshResource type = MeshResource.parse(resourceType);
    if (type.name() != null) {
      throw new UsageException(
          "edges takes a resource type, not a resource: try 'meshctl edges "
              + type.type().kind
              + " -n "
              + namespace
              + "'");
    }
    ControllerApiClient api = ControllerApiClient.create(home.controllerApi(address));
    ApiRows<EdgeRow> answer =
        ApiRows.of(
            api.get("/api/v1/edges", Map.of("resource", type.queryValue(), "namespace", namespace)),
            EdgeRow.class,
            api.json(),
            "edges");

    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(
          api.json().writerWithDefaultPrettyPrinter().writeValueAsString(answer.document()));
      return ExitCodes.OK;
    }
    if (answer.rows().isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "No edges between "
                  + type.type().kind
                  + " resources in namespace "
                  + namespace
                  + ": edges appear once meshed resources send each other traffic.");
      answer.printNote(spec.commandLine().getErr());
      return ExitCodes.OK;
    }
    List<String> headers = new ArrayList<>(List.of("SRC", "DST", "SRC_NS", "DST_NS", "SECURED"));
    if (output.wide()) {
      headers.addAll(List.of("CLIENT_ID", "SERVER_ID", "RPS"));
    }
    TextTable table = new TextTable(headers);
    for (EdgeRow row : answer.rows()) {
      List<String> cells = new ArrayList<>();
      cells.add(name(row.src()));
      cells.add(name(row.dst()));
      cells.add(namespace(row.src()));
      cells.add(namespace(row.dst()));
      cells.add(row.secured() ? SECURED : NOT_SECURED);
      if (output.wide()) {
        cells.add(orNone(row.clientId()));
        cells.add(orNone(row.serverId()));
        cells.add(MetricCells.rps(row.rps()));
      }
      table.add(cells);
    }
    table.print(out);
    answer.printNote(spec.commandLine().getErr());
    return ExitCodes.OK;
  }

  private static String name(EdgeRow.Endpoint end) {
    return end == null ? MetricCells.NONE : orNone(end.name());
  }

  private static String namespace(EdgeRow.Endpoint end) {
    return end == null ? MetricCells.NONE : orNone(end.namespace());
  }

  private static String orNone(String value) {
    return value == null || value.isBlank() ? MetricCells.NONE : value;
  }
}
