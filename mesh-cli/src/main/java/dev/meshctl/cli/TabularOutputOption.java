package dev.meshctl.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -o/--output} option of the commands that print a table of rows: the table, the table
 * with more columns, or the controller's rows as JSON.
 */
final class TabularOutputOption {

  enum Format {
    table,
    wide,
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

  boolean wide() {
    return format == Format.wide;
  }
}
