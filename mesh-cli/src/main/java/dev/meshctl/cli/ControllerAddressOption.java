package dev.meshctl.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The {@code --api-addr} option of every command that reads the controller's REST API. Resolved in
 * this order: the option, {@code $MESHCTL_API_ADDR}, the running local mesh ({@code controllerApi}
 * in {@link MeshHome#localMeshFile()}), the control plane of the configured Kubernetes cluster
 * (through a port-forward, {@link KubernetesApiForward}), then {@code http://127.0.0.1:8085}.
 */
final class ControllerAddressOption {

  static final String VARIABLE = "MESHCTL_API_ADDR";
  static final URI DEFAULT = URI.create("http://127.0.0.1:8085");
  private static final Pattern CONTROLLER_API =
      Pattern.compile("\"controllerApi\"\\s*:\\s*\"([^\"]+)\"");

  @Option(
      names = "--api-addr",
      paramLabel = "URL",
      description =
          "The controller's REST API, e.g. http://127.0.0.1:8085 (default: $MESHCTL_API_ADDR,"
              + " else the running local mesh, else the control plane of the kubeconfig's cluster"
              + " through a port-forward, else http://127.0.0.1:8085).")
  String apiAddr;

  /** The base URI of the controller's REST API, without a trailing slash. */
  URI resolve() {
    return resolve(apiAddr, System.getenv(VARIABLE), MeshHome.fromEnvironment());
  }

  static URI resolve(String option, String variable, MeshHome home) {
    if (option != null && !option.isBlank()) {
      return parse(option, "--api-addr");
    }
    if (variable != null && !variable.isBlank()) {
      return parse(variable, "$" + VARIABLE);
    }
    try {
      Matcher found = CONTROLLER_API.matcher(Files.readString(home.localMeshFile()));
      if (found.find()) {
        return parse(found.group(1), home.localMeshFile().toString());
      }
    } catch (NoSuchFileException absent) {
      // No local mesh has been started: a cluster's control plane, else the default address.
    } catch (IOException unreadable) {
      throw new UserFacingException(
          "cannot read " + home.localMeshFile() + ": " + unreadable.getMessage());
    }
    return KubernetesApiForward.ifConfigured().orElse(DEFAULT);
  }

  private static URI parse(String value, String from) {
    String text = value.strip();
    if (!text.contains("://")) {
      text = "http://" + text;
    }
    try {
      URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      if (uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("expected http://HOST:PORT");
      }
      return uri;
    } catch (IllegalArgumentException bad) {
      throw new UsageException(
          from + ": \"" + value + "\" is not a controller address (expected http://HOST:PORT)");
    }
  }
}
