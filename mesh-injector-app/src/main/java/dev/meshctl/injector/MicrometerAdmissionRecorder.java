package dev.meshctl.injector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code injector_admissions_total{outcome="injected|skipped|error"}}, every series present from
 * the start at 0.
 */
final class MicrometerAdmissionRecorder implements AdmissionRecorder {

  private final Map<AdmissionOutcome, Counter> counters = new EnumMap<>(AdmissionOutcome.class);

  MicrometerAdmissionRecorder(MeterRegistry registry) {
    for (AdmissionOutcome outcome : AdmissionOutcome.values()) {
      counters.put(
          outcome,
          Counter.builder("injector.admissions")
              .description("Pod admission reviews answered, by outcome")
              .tag("outcome", outcome.label())
              .register(registry));
    }
  }

  @Override
  public void record(AdmissionOutcome outcome) {
    counters.get(outcome).increment();
  }
}
