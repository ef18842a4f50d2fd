package dev.meshctl.proxy.metrics;

/** Whether a response counts as a success or a failure; the {@code classification} label. */
public enum Classification {
  SUCCESS("success"),
  FAILURE("failure");

  private final String label;

  Classification(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
