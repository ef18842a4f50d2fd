package dev.meshctl.bench.results;

import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.proc.Memory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything measured for one configuration.
 *
 * @param notRun why it was not run, null when it was
 * @param warmup how long it was warmed up and the throughput of each warm-up slice (all protocols
 *     at once): how fast it reached its steady speed
 * @param memoryAtEnd each process's memory when the configuration was stopped, with its peak
 *     resident set over its whole life
 */
public record ConfigurationResult(
    String id,
    String title,
    String path,
    String notRun,
    Warmup warmup,
    List<ProtocolResult> protocols,
    Map<String, Memory> memoryAtEnd) {

  public static ConfigurationResult notRun(String id, String title, String path, String reason) {
    return new ConfigurationResult(id, title, path, reason, null, List.of(), Map.of());
  }

  /**
   * A configuration's warm-up: seconds, requests per second of each slice, and whether it had
   * stopped getting faster (false: the time was up while it still was).
   */
  public record Warmup(double seconds, List<Double> sliceRates, boolean settled) {}

  public Optional<ProtocolResult> protocol(Protocol protocol) {
    return protocols.stream().filter(p -> p.protocol() == protocol).findFirst();
  }
}
