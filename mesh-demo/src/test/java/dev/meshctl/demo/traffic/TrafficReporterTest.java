package dev.meshctl.demo.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TrafficReporterTest {

  @Test
  void aLine_countsWhatHappenedSinceTheLastOne_byOutcome() {
    TreeMap<String, Long> now =
        new TreeMap<>(Map.of("200", 180L, "500", 20L, "connect-error", 3L, "skipped", 2L));
    Map<String, Long> before = Map.of("200", 100L, "500", 10L, "connect-error", 3L);

    assertThat(TrafficReporter.line(before, now, Duration.ofSeconds(10)))
        .isEqualTo("traffic: last 10s: 90 requests (9.0/s): 200=80 500=10 skipped=2");
  }

  @Test
  void aQuietInterval_saysSo() {
    assertThat(TrafficReporter.line(Map.of(), new TreeMap<>(), Duration.ofSeconds(10)))
        .isEqualTo("traffic: last 10s: 0 requests (0.0/s): none");
  }
}
