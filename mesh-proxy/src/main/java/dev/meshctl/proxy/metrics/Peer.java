package dev.meshctl.proxy.metrics;

/** Which side of the proxy a connection faces; the {@code peer} label of tcp metrics. */
public enum Peer {
  /** A connection the proxy accepted. */
  SRC("src"),
  /** A connection the proxy opened to an endpoint. */
  DST("dst");

  private final String label;

  Peer(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
