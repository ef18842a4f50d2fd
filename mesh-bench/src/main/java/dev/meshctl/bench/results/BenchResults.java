package dev.meshctl.bench.results;

import dev.meshctl.bench.run.BenchPlan;
import dev.meshctl.bench.sut.Startup;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything one benchmark run measured, as written to results.json and results.md. */
public record BenchResults(
    Instant started,
    Instant finished,
    BenchPlan plan,
    Environment environment,
    List<Startup> startups,
    List<ConfigurationResult> configurations) {

  public Optional<ConfigurationResult> configuration(String id) {
    return configurations.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
