package dev.meshctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The top-level command: lists the subcommands and the global options. */
@Command(
    name = "meshctl",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "Install, operate and inspect the mesh.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      DemoCommand.class,
      LocalCommand.class,
      StatCommand.class,
      RoutesCommand.class,
      EdgesCommand.class,
      TapCommand.class,
      TopCommand.class,
      InstallCommand.class,
      UpgradeCommand.class,
      UninstallCommand.class,
      CheckCommand.class,
      InjectCommand.class,
      UninjectCommand.class,
      DashboardCommand.class,
      VersionCommand.class,
      IdentityCommand.class,
      HelpCommand.class
    },
    footer = {"", "Run 'meshctl help COMMAND' for the options of one command."})
final class MeshctlCommand {}
