package dev.meshctl.bench.results;

import dev.meshctl.bench.load.LoadModel;
import dev.meshctl.bench.load.Protocol;
import java.util.List;
import java.util.Optional;

/**
 * The runs of one protocol through one configuration.
 *
 * @param notRun why it was not run (or not finished), null when it was
 */
public record ProtocolResult(Protocol protocol, String notRun, List<RunResult> runs) {

  /** The open-model run at {@code rate}. */
  public Optional<RunResult> atRate(int rate) {
    return runs.stream()
        .filter(r -> r.load().model() == LoadModel.OPEN && r.load().targetRate() == rate)
        .findFirst();
  }

  /** The closed-loop (maximum throughput) run. */
  public Optional<RunResult> closed() {
    return runs.stream().filter(r -> r.load().model() == LoadModel.CLOSED).findFirst();
  }
}
