package dev.meshctl.cli;

import picocli.CommandLine.Command;

/** {@code meshctl local}: commands for the local mesh that {@code meshctl demo} runs. */
@Command(
    name = "local",
    description = "Work with the local mesh started by 'meshctl demo'.",
    mixinStandardHelpOptions = true,
    subcommands = {LocalRunCommand.class})
final class LocalCommand {}
