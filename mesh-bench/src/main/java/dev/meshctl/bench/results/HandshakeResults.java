package dev.meshctl.bench.results;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one {@code bench/handshakes} run measured, as written to results.md and results.json.
 *
 * @param warmup connections per variant and worker before measuring (discarded)
 * @param rounds the measured connections came in this many alternating rounds
 * @param cpus the CPUs the workers were pinned to ({@code taskset -c}), empty for none
 * @param workerJvmOptions the JVM options of every worker
 * @param machine CPU model, CPUs, kernel and Java, in one line
 * @param loadAverageAtStart the 1, 5 and 15 minute load averages when the run started
 * @param results every variant of every worker, in the order they were measured
 */
public record HandshakeResults(
    Instant started,
    Instant finished,
    int warmup,
    int rounds,
    String cpus,
    List<String> workerJvmOptions,
    String machine,
    String loadAverageAtStart,
    List<HandshakeResult> results) {

  /** The plaintext run of the same worker as {@code result}: its reference. */
  public Optional<HandshakeResult> plaintextOf(HandshakeResult result) {
    return results.stream()
        .filter(r -> r.worker().equals(result.worker()))
        .filter(r -> r.variant().equals(HandshakeResult.PLAINTEXT))
        .findFirst();
  }
}
