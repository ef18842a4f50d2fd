package dev.meshctl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshctl version}: the client's version (the control plane's comes with install). */
@Command(
    name = "version",
    description = "Print the meshctl client version.",
    mixinStandardHelpOptions = true)
final class VersionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin OutputFormatOption output;

  @Option(names = "--short", description = "Print the version number only.", defaultValue = "false")
  boolean shortForm;

  @Override
  public Integer call() {
    String version = BuildInfo.version();
    var out = spec.commandLine().getOut();
    if (output.json()) {
      out.println("{\"clientVersion\":\"" + version + "\"}");
    } else if (shortForm) {
      out.println(version);
    } else {
      out.println("Client version: " + version);
    }
    return ExitCodes.OK;
  }
}
