package dev.meshctl.bench.load;

/** How a run offers its load. */
public enum LoadModel {
  /**
   * Requests at a fixed rate whatever the answers do; latency from each request's intended send
   * time, so that a stall counts for every request it delays (no coordinated omission).
   */
  OPEN,
  /** A fixed number of requests always outstanding, the next sent when one is answered. */
  CLOSED
}
