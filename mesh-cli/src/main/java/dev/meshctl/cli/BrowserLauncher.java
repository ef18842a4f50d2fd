package dev.meshctl.cli;

import java.io.IOException;
import java.util.Map;

/**
 * Opens a URL in the user's browser with {@code xdg-open}, and knows whether there is a graphical
 * display to open it on ({@code $DISPLAY} or {@code $WAYLAND_DISPLAY}); used by {@code meshctl
 * dashboard}.
 */
final class BrowserLauncher {

  private final Map<String, String> environment;

  BrowserLauncher(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  boolean hasDisplay() {
    return isSet("DISPLAY") || isSet("WAYLAND_DISPLAY");
  }

  /**
   * Starts {@code xdg-open URL} and leaves it running: the browser outlives meshctl.
   *
   * @throws UserFacingException when xdg-open cannot be started
   */
  void open(String url) {
    try {
      new ProcessBuilder("xdg-open", url)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new UserFacingException(
          "cannot start xdg-open to open " + url + " (" + e.getMessage() + "): open it yourself",
          e);
    }
  }

  private boolean isSet(String variable) {
    String value = environment.get(variable);
    return value != null && !value.isBlank();
  }
}
