package dev.meshctl.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -o/--output} option of {@code tap} and {@code top}: lines or a table ({@code table}),
 * the same with identities and pods ({@code wide}), or the controller's JSON ({@code json}).
 */
final class TapOutputOption {

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
}
