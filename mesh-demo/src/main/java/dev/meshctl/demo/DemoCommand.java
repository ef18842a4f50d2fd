package dev.meshctl.demo;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The top-level command: lists the workloads. It holds the {@link Termination} that every workload
 * command waits on, so that tests can stop a workload as SIGTERM does.
 */
@Command(
    name = "mesh-demo",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = {
      "The workloads of the mesh's demo application, each run as its own process:",
      "books and authors (gRPC back ends), web (the HTTP front end) and traffic (a load generator)."
    },
    synopsisSubcommandLabel = "WORKLOAD",
    subcommands = {
      BooksCommand.class,
      AuthorsCommand.class,
      WebCommand.class,
      TrafficCommand.class,
      HelpCommand.class
    },
    footer = {"", "Run 'mesh-demo WORKLOAD --help' for the options of one workload."})
final class DemoCommand {

  private final Termination termination;

  DemoCommand(Termination termination) {
    this.termination = termination;
  }

  Termination termination() {
    return termination;
  }
}
