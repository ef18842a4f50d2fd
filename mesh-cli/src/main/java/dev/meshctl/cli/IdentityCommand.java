package dev.meshctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code meshctl identity}: the mesh's certificate authority and local-mode bootstrap tokens. */
@Command(
    name = "identity",
    description = "Create the mesh's certificate authority and issue local bootstrap tokens.",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {CreateCaCommand.class, IssueTokenCommand.class, HelpCommand.class})
final class IdentityCommand {}
