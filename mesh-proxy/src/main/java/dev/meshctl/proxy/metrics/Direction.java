package dev.meshctl.proxy.metrics;

/** Which way traffic flows through the proxy; the {@code direction} metric label. */
public enum Direction {
  /** From a peer to the local application. */
  INBOUND("inbound"),
  /** From the local application to a peer. */
  OUTBOUND("outbound");

  private final String label;

  Direction(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
