package dev.meshctl.cli;

import picocli.CommandLine.Parameters;

/** The manifests {@code inject} and {@code uninject} rewrite: a file, a URL or stdin. */
final class ManifestSourceParameter {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE|URL|-",
      defaultValue = ManifestInput.STDIN,
      description = "The manifests: a file, an http(s) URL, or - for stdin (the default).")
  String source;

  String read() {
    return ManifestInput.read(source, System.in);
  }

  /** How the summary names the input. */
  String name() {
    return source.equals(ManifestInput.STDIN) ? "stdin" : source;
  }
}
