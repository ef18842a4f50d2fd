package dev.meshctl.demo;

import dev.meshctl.demo.backend.AuthorsService;
import dev.meshctl.demo.backend.Catalog;
import dev.meshctl.demo.backend.FailureSchedule;
import dev.meshctl.demo.backend.GrpcWorkload;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mesh-demo authors}: serves the gRPC service {@code bookstore.Authors}, whose {@code
 * GetAuthor} fails a fixed share of calls so that the mesh's success rates have something to show.
 */
@Command(
    name = "authors",
    mixinStandardHelpOptions = true,
    header = "The authors back end: gRPC service bookstore.Authors, failing a share of GetAuthor.",
    description = {
      "Serve the gRPC service bookstore.Authors (plaintext HTTP/2): GetAuthor(id) answers one",
      "author but fails with UNAVAILABLE (\"authors: simulated failure\") for the share of calls",
      "given by --failure-rate, evenly spread (at 0.2, every 5th call); ListAuthors never fails."
    },
    footer = {
      "",
      "Example:",
      "  java -jar mesh-demo.jar authors --listen 127.0.0.1:8082 --failure-rate 0.2"
    })
final class AuthorsCommand implements Callable<Integer> {

  @ParentCommand private DemoCommand parent;
  @Spec private CommandSpec spec;
  @Mixin private ListenOption listen;

  @Option(
      names = "--failure-rate",
      paramLabel = "SHARE",
      defaultValue = "0.2",
      description = "Share of GetAuthor calls that fail, from 0 to 1 (default: ${DEFAULT-VALUE}).")
  private double failureRate;

  @Override
  public Integer call() {
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--failure-rate': " + failureRate + " is not between 0 and 1");
    }
    AuthorsService service =
        new AuthorsService(Catalog.standard(), FailureSchedule.evenlySpread(failureRate));
    try (GrpcWorkload server = GrpcWorkload.start("authors", listen.address, service)) {
      return Serving.untilTerminated(
          spec.commandLine().getOut(),
          "authors listening on " + server.address(),
          parent.termination());
    }
  }
}
