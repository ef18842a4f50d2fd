package dev.meshctl.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl version}: the client's version and the control plane's, asked of the controller's
 * {@code /api/v1/version}; "unavailable" when the controller does not answer.
 */
@Command(
    name = "version",
    description = {
      "Print the meshctl client version and the control plane's version.",
      "The control plane's version is 'unavailable' when its controller does not answer."
    },
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meshctl version",
      "  meshctl version --client --short",
      "  meshctl version --api-addr http://127.0.0.1:8085 -o json"
    })
final class VersionCommand implements Callable<Integer> {

  static final String UNAVAILABLE = "unavailable";

  /** A version query is a quick question: do not keep the user waiting on a stuck controller. */
  private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(5);

  @Spec CommandSpec spec;

  @Mixin OutputFormatOption output;

  @Mixin ControllerAddressOption address;

  @Mixin MeshHomeOption home;

  @Option(
      names = "--short",
      description = "Print the version numbers only.",
      defaultValue = "false")
  boolean shortForm;

  @Option(
      names = "--client",
      description = "Print the client's version only; do not ask the controller.",
      defaultValue = "false")
  boolean clientOnly;

  @Override
  public Integer call() {
    String version = BuildInfo.version();
    String server = clientOnly ? null : serverVersion();
    var out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(
          "{\"clientVersion\":"
              + JsonStrings.quote(version)
              + (clientOnly
                  ? ""
                  : ",\"serverVersion\":" + (server == null ? "null" : JsonStrings.quote(server)))
              + "}");
      return ExitCodes.OK;
    }
    String shownServer = server == null ? UNAVAILABLE : server;
    if (shortForm) {
      out.println(version);
      if (!clientOnly) {
        out.println(shownServer);
      }
    } else {
      out.println("Client version: " + version);
      if (!clientOnly) {
        out.println("Server version: " + shownServer);
      }
    }
    return ExitCodes.OK;
  }

  /** The controller's version, or null when it does not answer with one. */
  private String serverVersion() {
    try {
      return ControllerApiClient.create(home.controllerApi(address), SERVER_TIMEOUT).version();
    } catch (UsageException e) {
      throw e;
    } catch (UserFacingException e) {
      return null;
    }
  }
}
