package dev.meshctl.bench.handshake;

/**
 * How many connections {@code bench/handshakes} makes per variant: {@code warmup} discarded, then
 * {@code connections} measured in {@code rounds} rounds that take the variants in turn (the order
 * rotates every round), so that a slow drift of the machine falls on all of them alike.
 */
public record HandshakePlan(int warmup, int connections, int rounds) {

  public HandshakePlan {
    if (warmup < 0 || connections < 1 || rounds < 1 || connections % rounds != 0) {
      throw new IllegalArgumentException(
          "need warmup >= 0, connections >= 1 and rounds >= 1 dividing connections; got warmup "
              + warmup
              + ", connections "
              + connections
              + ", rounds "
              + rounds);
    }
  }

  /** 3,000 warm-up and 2,000 measured connections per variant, in 4 rounds of 500. */
  public static HandshakePlan standard() {
    return new HandshakePlan(3_000, 2_000, 4);
  }

  /** Connections per round. */
  public int perRound() {
    return connections / rounds;
  }
}
