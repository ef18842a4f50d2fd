package dev.meshctl.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshctl demo}: the local mesh with its demo application, until Ctrl-C. */
@Command(
    name = "demo",
    description = {
      "Run the mesh on this machine, with no cluster: the control plane (controller, identity,"
          + " dashboard) and a demo bookstore of four workloads (web, books, authors, traffic),"
          + " each a process with its own proxy, all on 127.0.0.1. Calls between workloads go"
          + " over mTLS; authors fails a share of its GetAuthor calls, so success rates dip"
          + " where they should.",
      "Everything lives under $MESHCTL_HOME/local (default ~/.meshctl/local): the CA (kept"
          + " across runs), the registry the controller reads, tokens, and a log per process in"
          + " logs/. Runs until Ctrl-C, then stops every process it started."
    },
    footer = {
      "",
      "Examples:",
      "  meshctl demo                          start, print the URLs, run until Ctrl-C",
      "  meshctl demo --dashboard-port 0       any free port for the dashboard",
      "  meshctl demo --failure-rate 0.5       authors fails half of its GetAuthor calls",
      "  meshctl demo --down                   stop a local mesh left behind by a crash",
      "",
      "Then, in another terminal: meshctl stat deploy -n demo, meshctl tap deploy/web -n demo,"
          + " meshctl edges deploy -n demo, meshctl check."
    },
    mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--down",
      description = "Stop the processes of a local mesh whose meshctl demo is gone, and clean up.")
  boolean down;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8084",
      description =
          "Port of the dashboard on 127.0.0.1; 0 for any free one (default: ${DEFAULT-VALUE}).")
  int dashboardPort;

  @Option(
      names = "--api-port",
      defaultValue = "8085",
      description =
          "Port of the controller's REST API on 127.0.0.1; 0 for any free one (default: ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(
      names = "--failure-rate",
      defaultValue = "0.2",
      description =
          "Share of GetAuthor calls that authors fails, 0 to 1 (default: ${DEFAULT-VALUE}).")
  double failureRate;

  @Option(
      names = "--rps",
      defaultValue = "10",
      description =
          "Requests per second the traffic workload sends to web (default: ${DEFAULT-VALUE}).")
  int rps;

  @Option(
      names = "--timeout",
      defaultValue = "180s",
      converter = DurationConverter.class,
      description =
          "How long starting may take before the demo gives up (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    LocalLayout layout = LocalLayout.of(MeshHome.fromEnvironment());
    var out = spec.commandLine().getOut();
    if (down) {
      return new LocalMeshDown(layout, out).run();
    }
    validate();
    return new LocalMeshRun(
            layout,
            MeshJars.locate(),
            new LocalMeshRun.Options(dashboardPort, apiPort, failureRate, rps, timeout),
            out,
            Clock.systemUTC())
        .run();
  }

  private void validate() {
    for (int port : new int[] {dashboardPort, apiPort}) {
      if (port < 0 || port > 65535) {
        throw new UsageException("port " + port + " is not between 0 and 65535");
      }
    }
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new UsageException("--failure-rate " + failureRate + " is not between 0 and 1");
    }
    if (rps < 1 || rps > 1000) {
      throw new UsageException("--rps " + rps + " is not between 1 and 1000");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new UsageException("--timeout must be positive");
    }
  }
}
