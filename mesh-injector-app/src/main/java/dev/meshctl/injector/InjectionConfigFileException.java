package dev.meshctl.injector;

import java.nio.file.Path;

/** The injection config file cannot be read or is invalid: the app does not start. */
final class InjectionConfigFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  InjectionConfigFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
