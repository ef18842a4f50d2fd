package dev.meshctl.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl dashboard}: prints the web dashboard's URL (the local mesh's {@code webUrl}, else
 * the cluster's through a port-forward held until Ctrl-C, else {@code http://127.0.0.1:8084}) once
 * it answers, and opens it in a browser when there is a display.
 */
@Command(
    name = "dashboard",
    description = {
      "Print the URL of the mesh's web dashboard and open it in a browser.",
      "The URL is the running local mesh's (from $MESHCTL_HOME/local/mesh.json); else, with a"
          + " kubeconfig, the cluster's dashboard through a port-forward to service meshctl-web"
          + " in meshctl-system, kept open until Ctrl-C; else "
          + DashboardCommand.DEFAULT_URL
          + ". The browser is opened (xdg-open) only with a display ($DISPLAY or"
          + " $WAYLAND_DISPLAY); without one the URL is printed only."
    },
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {"  meshctl dashboard", "  meshctl dashboard --show url"})
final class DashboardCommand implements Callable<Integer> {

  static final String DEFAULT_URL = "http://127.0.0.1:8084";

  static final String WEB_SERVICE = "meshctl-web";

  static final int WEB_PORT = 8084;

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  /** What to do with the dashboard's URL. */
  enum Show {
    url,
    open
  }

  @Spec CommandSpec spec;

  @Mixin OutputFormatOption output;

  @Mixin MeshHomeOption home;

  @Option(
      names = "--show",
      description =
          "url: print the URL only; open: also open it in a browser (default: open when there is"
              + " a display, else url).")
  Show show;

  @Override
  public Integer call() {
    Optional<String> local =
        LocalMeshFile.read(home.resolve().localMeshFile())
            .map(LocalMeshFile.State::webUrl)
            .filter(u -> u != null)
            .filter(u -> !u.isBlank());
    Optional<String> forwarded =
        local.isPresent()
            ? Optional.empty()
            : KubernetesApiForward.ifConfigured(WEB_SERVICE, WEB_PORT, "the dashboard")
                .map(URI::toString);
    String url = local.or(() -> forwarded).orElse(DEFAULT_URL);
    Optional<String> problem = HealthProbe.create(PROBE_TIMEOUT).unanswered(url);
    if (problem.isPresent()) {
      throw new UserFacingException(
          "the dashboard does not answer at "
              + url
              + " ("
              + problem.get()
              + "): is the mesh running? start it with ./meshctl demo");
    }
    BrowserLauncher browser = new BrowserLauncher(System.getenv());
    Show action = show != null ? show : browser.hasDisplay() ? Show.open : Show.url;
    boolean opened = false;
    PrintWriter err = spec.commandLine().getErr();
    if (action == Show.open) {
      if (browser.hasDisplay()) {
        browser.open(url);
        opened = true;
      } else {
        err.println("No display ($DISPLAY is not set): open the URL in a browser yourself.");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.println("{\"url\":" + JsonStrings.quote(url) + ",\"opened\":" + opened + "}");
    } else {
      out.println(url);
    }
    if (forwarded.isPresent()) {
      out.flush();
      err.println(
          "Forwarding to the dashboard of the cluster's control plane (service "
              + WEB_SERVICE
              + " in "
              + ClusterNames.NAMESPACE
              + "); Ctrl-C to stop.");
      err.flush();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ExitCodes.OK;
  }
}
