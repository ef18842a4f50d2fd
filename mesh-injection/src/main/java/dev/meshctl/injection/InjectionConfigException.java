package dev.meshctl.injection;

/** The injection config cannot be used; the message names the field and why. */
public final class InjectionConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InjectionConfigException(String message) {
    super(message);
  }

  public InjectionConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
