package dev.meshctl.cli;

import java.io.PrintWriter;
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
 * {@code meshctl routes}: per-route golden metrics of a resource's outbound traffic, the routes
 * being those of the destinations' service profiles, read from the controller's {@code
 * /api/v1/routes}.
 */
@Command(
    name = "routes",
    description = {
      "Show per-route metrics of the requests a resource sends: success rate, requests per second"
          + " and latency percentiles for each route of the destinations' service profiles.",
      "Requests that matched no route are shown as [DEFAULT]."
    },
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  # the routes web calls, over the last minute",
      "  meshctl routes deploy/web -n demo",
      "",
      "  # only the calls to the authors service, over 5 minutes, as JSON",
      "  meshctl routes deploy/books -n demo --to authors.demo.svc.cluster.local:8080 -t 5m -o json"
    })
final class RoutesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "RESOURCE",
      description =
          "TYPE/NAME (or TYPE) whose outbound requests to show. TYPE is one of namespace (ns),"
              + " deployment (deploy), statefulset (sts), daemonset (ds), pod (po), authority"
              + " (au).")
  String resource;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      defaultValue = "default",
      description = "Namespace of the resource (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--to",
      paramLabel = "SERVICE",
      description =
          "Only the requests to this service or authority, e.g."
              + " authors.demo.svc.cluster.local:8080.")
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
    if (to != null && to.isBlank()) {
      throw new UsageException("--to needs a service or authority, e.g. books.demo:8080");
    }
    ControllerApiClient api = ControllerApiClient.create(home.controllerApi(address));
    Map<String, String> query = new LinkedHashMap<>();
    query.put("resource", target.queryValue());
    query.put("namespace", namespace);
    query.put("to", to == null ? null : to.strip());
    query.put("window", window.text());
    ApiRows<RouteRow> answer =
        ApiRows.of(api.get("/api/v1/routes", query), RouteRow.class, api.json(), "routes");

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
              "No requests from "
                  + target
                  + " in namespace "
                  + namespace
                  + (to == null ? "" : " to " + to.strip())
                  + " in the last "
                  + window
                  + ".");
      answer.printNote(spec.commandLine().getErr());
      return ExitCodes.OK;
    }
    TextTable table =
        new TextTable(
            List.of(
                "ROUTE",
                "AUTHORITY",
                "SUCCESS",
                "RPS",
                "LATENCY_P50",
                "LATENCY_P95",
                "LATENCY_P99"));
    for (RouteRow row : answer.rows()) {
      table.add(
          List.of(
              row.route(),
              row.authority() == null ? MetricCells.NONE : row.authority(),
              MetricCells.successRate(row.successRate()),
              MetricCells.rps(row.rps()),
              MetricCells.latency(row.latencyP50Ms()),
              MetricCells.latency(row.latencyP95Ms()),
              MetricCells.latency(row.latencyP99Ms())));
    }
    table.print(out);
    answer.printNote(spec.commandLine().getErr());
    return ExitCodes.OK;
  }
}
