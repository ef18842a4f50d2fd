package dev.meshctl.demo;

import dev.meshctl.demo.backend.Catalog;
import dev.meshctl.demo.traffic.Outcomes;
import dev.meshctl.demo.traffic.RequestMix;
import dev.meshctl.demo.traffic.TrafficGenerator;
import dev.meshctl.demo.traffic.TrafficSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mesh-demo traffic}: the load generator in front of the web workload. */
@Command(
    name = "traffic",
    mixinStandardHelpOptions = true,
    header = "The load generator: GETs to the web front end at a steady rate.",
    description = {
      "Send HTTP/1.1 GETs to the web workload at a steady rate: / and /api/books a quarter",
      "of the time each, /books/{id} for a random book half the time. Writes one line of counts",
      "by status per --report-interval; errors (refused connections, 5xx) are counted, never fatal."
    },
    footer = {
      "",
      "Examples:",
      "  java -jar mesh-demo.jar traffic --target 127.0.0.1:8080 --rps 10",
      "  # through the workload's own proxy (absolute-form requests to its outbound listener)",
      "  java -jar mesh-demo.jar traffic --target web.demo.svc.cluster.local:8080 \\",
      "      --outbound 127.0.0.1:4140"
    })
final class TrafficCommand implements Callable<Integer> {

  @ParentCommand private DemoCommand parent;
  @Spec private CommandSpec spec;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "AUTHORITY|URL",
      description =
          "The web workload: host:port (e.g. web.demo.svc.cluster.local:8080) or an http:// URL"
              + " without a path.")
  private String target;

  @Option(
      names = "--outbound",
      paramLabel = "HOST:PORT",
      converter = HostPortConverter.class,
      description = "The outbound listener of the workload's proxy, used as an HTTP proxy.")
  private HostPort outbound;

  @Option(
      names = "--rps",
      paramLabel = "RATE",
      defaultValue = "10",
      description = "Requests per second, above 0 and at most 1000 (default: ${DEFAULT-VALUE}).")
  private double rps;

  @Option(
      names = "--report-interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How often to write a line of counts (default: ${DEFAULT-VALUE}).")
  private Duration reportInterval;

  @Override
  public Integer call() {
    TrafficSettings settings;
    try {
      settings =
          TrafficSettings.of(
              TrafficSettings.baseUrl(target), Optional.ofNullable(outbound), rps, reportInterval);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "Invalid traffic settings: " + e.getMessage());
    }
    RequestMix mix =
        new RequestMix(Catalog.standard().books().size(), RandomGenerator.getDefault());
    TrafficGenerator generator =
        TrafficGenerator.start(settings, mix, new Outcomes(), spec.commandLine().getOut());
    try {
      return Serving.untilTerminated(
          spec.commandLine().getOut(),
          "traffic sending "
              + rps
              + " requests/s to "
              + settings.target()
              + (outbound == null ? " directly" : " via " + outbound),
          parent.termination());
    } finally {
      generator.close();
    }
  }
}
