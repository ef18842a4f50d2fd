package dev.meshctl.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.meshctl.controller.discovery.PodRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScrapeStoreTest {

  private static final Instant T0 = Instant.parse("2026-12-06T04:00:00Z");
  private static final String IN = ProxyPage.http("inbound", "web:80", "127.0.0.1:8080", false, "");
  private static final PodRef WEB =
      new PodRef("demo", "web-1", Optional.of(new PodRecord.Workload("deployment", "web")));

  private final ScrapeStore store = new ScrapeStore(Duration.ofMinutes(10), Duration.ofSeconds(5));

  private void scrape(PodRef pod, int secondsAfterT0, double successes, double failures) {
    store.record(
        pod,
        new ProxyPage()
            .responses(IN, 200, "success", successes)
            .responses(IN, 500, "failure", failures)
            .sampleAt(T0.plusSeconds(secondsAfterT0)));
  }

  private static double rate(Traffic traffic, String classification) {
    return traffic.series().stream()
        .filter(s -> s.family() == MetricFamily.RESPONSES)
        .filter(s -> s.label("classification").equals(classification))
        .mapToDouble(PodSeries::value)
        .sum();
  }

  @Test
  void ratesAreCounterDeltasOverTheWindow_fromTheLastSampleBeforeItsStart() {
    for (int t = 0; t <= 120; t += 5) {
      scrape(WEB, t, 10 * t, t); // 10 successes and 1 failure per second
    }

    Traffic traffic =
        store.traffic(Optional.of("demo"), Duration.ofMinutes(1), T0.plusSeconds(121));

    assertThat(traffic.span()).isEqualTo(Duration.ofMinutes(1));
    assertThat(traffic.note()).isEmpty();
    assertThat(rate(traffic, "success")).isCloseTo(10.0, within(1e-9));
    assertThat(rate(traffic, "failure")).isCloseTo(1.0, within(1e-9));
    assertThat(traffic.series()).allMatch(s -> s.pod().equals(WEB));
  }

  @Test
  void aCounterResetInTheWindowIsCountedFromZero() {
    scrape(WEB, 0, 1000, 0);
    scrape(WEB, 10, 1100, 0); // +100
    scrape(WEB, 20, 50, 0); // restarted: +50
    scrape(WEB, 30, 150, 0); // +100

    Traffic traffic = store.traffic(Optional.empty(), Duration.ofSeconds(30), T0.plusSeconds(30));

    assertThat(rate(traffic, "success")).isCloseTo(250 / 30.0, within(1e-9));
  }

  @Test
  void aWindowLongerThanWhatWasCollected_isOverWhatThereIs_andSaysSo() {
    scrape(WEB, 0, 0, 0);
    scrape(WEB, 5, 50, 0);
    scrape(WEB, 10, 100, 0);

    Traffic traffic = store.traffic(Optional.empty(), Duration.ofMinutes(5), T0.plusSeconds(10));

    assertThat(traffic.span()).isEqualTo(Duration.ofSeconds(10));
    assertThat(traffic.note()).hasValue("only 10s of samples so far; rates are over that span");
    assertThat(rate(traffic, "success")).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void aWindowLongerThanTheRetention_namesTheRetention() {
    ScrapeStore short_ = new ScrapeStore(Duration.ofSeconds(30), Duration.ofSeconds(5));
    for (int t = 0; t <= 60; t += 5) {
      short_.record(
          WEB, new ProxyPage().responses(IN, 200, "success", t).sampleAt(T0.plusSeconds(t)));
      short_.prune(T0.plusSeconds(t));
    }

    Traffic traffic = short_.traffic(Optional.empty(), Duration.ofMinutes(5), T0.plusSeconds(60));

    assertThat(traffic.span()).isEqualTo(Duration.ofSeconds(30));
    assertThat(traffic.note())
        .hasValue(
            "only 30s of samples are retained (mesh.metrics.retention is 30s); rates are over"
                + " that span");
  }

  @Test
  void oneSampleOnly_noRateYet_andTheNoteSaysCollecting() {
    scrape(WEB, 0, 10, 0);

    Traffic traffic = store.traffic(Optional.empty(), Duration.ofMinutes(1), T0.plusSeconds(1));

    assertThat(traffic.series()).isEmpty();
    assertThat(traffic.note().orElseThrow()).startsWith("collecting: ");
  }

  @Test
  void aPodThatVanishedBeforeTheWindowIsLeftOut_oneThatVanishedInItStillCounts() {
    PodRef gone = new PodRef("demo", "web-0", WEB.workload());
    scrape(gone, 0, 0, 0);
    scrape(gone, 10, 100, 0); // 10/s, then gone
    scrape(WEB, 0, 0, 0);
    for (int t = 10; t <= 100; t += 10) {
      scrape(WEB, t, t, 0); // 1/s
    }

    Traffic recent = store.traffic(Optional.empty(), Duration.ofSeconds(30), T0.plusSeconds(100));
    Traffic longer = store.traffic(Optional.empty(), Duration.ofMinutes(2), T0.plusSeconds(100));

    assertThat(rate(recent, "success")).isCloseTo(1.0, within(1e-9));
    assertThat(recent.series()).noneMatch(s -> s.pod().equals(gone));
    assertThat(rate(longer, "success")).isCloseTo(11.0, within(1e-9));
  }

  @Test
  void samplesOlderThanTheRetentionArePruned_andEmptyPodsForgotten() {
    ScrapeStore short_ = new ScrapeStore(Duration.ofSeconds(20), Duration.ofSeconds(5));
    short_.record(WEB, new ProxyPage().responses(IN, 200, "success", 1).sampleAt(T0));

    short_.prune(T0.plusSeconds(21));

    assertThat(short_.traffic(Optional.empty(), Duration.ofMinutes(1), T0.plusSeconds(21)).series())
        .isEmpty();
    assertThat(short_.traffic(Optional.empty(), Duration.ofMinutes(1), T0.plusSeconds(21)).note())
        .isEmpty();
  }

  @Test
  void onlyTheAskedNamespace() {
    PodRef other = new PodRef("other", "web-1", Optional.empty());
    scrape(WEB, 0, 0, 0);
    scrape(WEB, 10, 10, 0);
    scrape(other, 0, 0, 0);
    scrape(other, 10, 100, 0);

    Traffic traffic =
        store.traffic(Optional.of("other"), Duration.ofMinutes(1), T0.plusSeconds(10));

    assertThat(rate(traffic, "success")).isCloseTo(10.0, within(1e-9));
  }
}
