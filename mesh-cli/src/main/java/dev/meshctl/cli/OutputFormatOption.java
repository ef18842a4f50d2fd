package dev.meshctl.cli;

import picocli.CommandLine.Option;

/** The {@code -o/--output} option shared by every command that prints a result. */
final class OutputFormatOption {

  enum Format {
    table,
    json
  }

  @Option(
      names = {"-o", "--output"},
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      defaultValue = "table")
  Format format;

  boolean json() {
    return format == Format.json;
  }
}
