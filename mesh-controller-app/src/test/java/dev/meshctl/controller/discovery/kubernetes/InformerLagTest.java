package dev.meshctl.controller.discovery.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.controller.discovery.DiscoveryObject.Kind;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link InformerLag} with {@link MicrometerInformerLagRecorder} behind it, read as Prometheus
 * scrapes it: objects carrying known API server timestamps, applied at times an injected clock
 * gives.
 */
class InformerLagTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00.300Z");

  private final MutableClock clock = new MutableClock(START);
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final InformerLag lag =
      new InformerLag(clock, new MicrometerInformerLagRecorder(registry));

  @Test
  void theNewestTimestampOfTheObject_isWhereTheLagStarts() {
    Pod pod =
        pod("7", "2026-03-01T10:00:05Z", null, "2026-03-01T10:00:07Z", "2026-03-01T10:00:06Z");
    clock.set(Instant.parse("2026-03-01T10:00:09.400Z"));

    lag.added(Kind.POD, pod);

    assertThat(sample("discovery_informer_lag_seconds_count{kind=\"pod\"}")).isEqualTo(1);
    assertThat(sample("discovery_informer_lag_seconds_sum{kind=\"pod\"}")).isEqualTo(2.4);
    assertThat(sample("discovery_informer_lag_seconds_bucket{kind=\"pod\",le=\"2.0\"}")).isZero();
    assertThat(sample("discovery_informer_lag_seconds_bucket{kind=\"pod\",le=\"3.0\"}"))
        .isEqualTo(1);
    assertThat(sample("discovery_last_event_timestamp_seconds{kind=\"pod\"}"))
        .isEqualTo(Instant.parse("2026-03-01T10:00:09.400Z").toEpochMilli() / 1000.0);
    assertThat(sample("discovery_informer_lag_seconds_count{kind=\"service\"}")).isZero();
  }

  @Test
  void everyKind_hasItsSeriesFromTheStart_andNoLastEventYet() {
    String scrape = registry.scrape();

    for (String kind : new String[] {"service", "endpointslice", "pod", "serviceprofile"}) {
      assertThat(scrape).contains("discovery_informer_lag_seconds_count{kind=\"" + kind + "\"} 0");
      assertThat(scrape)
          .contains("discovery_last_event_timestamp_seconds{kind=\"" + kind + "\"} NaN");
    }
    assertThat(scrape).contains("discovery_informer_lag_seconds_count{kind=\"httproute\"} 0");
    assertThat(scrape)
        .as("buckets from one second, the timestamps' resolution")
        .contains("le=\"1.0\"")
        .contains("le=\"300.0\"")
        .doesNotContain("le=\"0.5\"");
  }

  @Test
  void objectsLastChangedBeforeTheStart_areNotALag_butAreTheLastEvent() {
    clock.set(START.plusSeconds(2));

    lag.added(Kind.SERVICE, pod("3", "2026-02-27T08:00:00Z", null, "2026-02-28T08:00:00Z"));

    assertThat(sample("discovery_informer_lag_seconds_count{kind=\"service\"}")).isZero();
    assertThat(sample("discovery_last_event_timestamp_seconds{kind=\"service\"}"))
        .isEqualTo(START.plusSeconds(2).toEpochMilli() / 1000.0);
  }

  @Test
  void theStartsOwnSecond_counts_sinceTimestampsAreTruncated() {
    // Changed at 10:00:00.something, recorded as 10:00:00, after a start at 10:00:00.300.
    clock.set(START.plusMillis(500));

    lag.added(Kind.ENDPOINT_SLICE, pod("4", "2026-03-01T10:00:00Z", null));

    assertThat(sample("discovery_informer_lag_seconds_count{kind=\"endpointslice\"}")).isEqualTo(1);
    assertThat(sample("discovery_informer_lag_seconds_sum{kind=\"endpointslice\"}")).isEqualTo(0.8);
  }

  @Test
  void anUpdateThatAdvancedNoTimestamp_isNotMeasured() {
    Pod before = pod("9", "2026-03-01T10:00:01Z", null);
    Pod replayed = pod("9", "2026-03-01T10:00:01Z", null);
    Pod unstamped = pod("10", "2026-03-01T10:00:01Z", null);
    Pod changed = pod("11", "2026-03-01T10:00:01Z", null, "2026-03-01T10:00:04Z");
    clock.set(Instant.parse("2026-03-01T10:00:05.000Z"));

    lag.updated(Kind.POD, before, replayed);
    lag.updated(Kind.POD, before, unstamped);
    assertThat(sample("discovery_informer_lag_seconds_count{kind=\"pod\"}"))
        .as("the creation time's age is not the update's lag")
        .isZero();

    lag.updated(Kind.POD, before, changed);
    assertThat(sample("discovery_informer_lag_seconds_count{kind=\"pod\"}")).isEqualTo(1);
    assertThat(sample("discovery_informer_lag_seconds_sum{kind=\"pod\"}")).isEqualTo(1.0);
  }

  @Test
  void aDelete_isMeasuredFromItsDeletionTimestamp_only() {
    clock.set(Instant.parse("2026-03-01T10:00:21.500Z"));

    lag.deleted(Kind.POD, pod("12", "2026-03-01T10:00:01Z", null), false);
    assertThat(sample("discovery_informer_lag_seconds_count{kind=\"pod\"}"))
        .as("deleted at once: no timestamp says when")
        .isZero();
    lag.deleted(Kind.POD, pod("13", "2026-03-01T10:00:01Z", "2026-03-01T10:00:20Z"), true);
    assertThat(sample("discovery_informer_lag_seconds_count{kind=\"pod\"}"))
        .as("final state unknown")
        .isZero();

    lag.deleted(Kind.POD, pod("13", "2026-03-01T10:00:01Z", "2026-03-01T10:00:20Z"), false);

    assertThat(sample("discovery_informer_lag_seconds_count{kind=\"pod\"}")).isEqualTo(1);
    assertThat(sample("discovery_informer_lag_seconds_sum{kind=\"pod\"}")).isEqualTo(1.5);
  }

  @Test
  void aControllerClockBehindTheApiServers_readsAsNoLag() {
    clock.set(Instant.parse("2026-03-01T10:00:03.000Z"));

    lag.added(Kind.HTTP_ROUTE, pod("5", "2026-03-01T10:00:04Z", null));

    assertThat(sample("discovery_informer_lag_seconds_count{kind=\"httproute\"}")).isEqualTo(1);
    assertThat(sample("discovery_informer_lag_seconds_sum{kind=\"httproute\"}")).isZero();
  }

  @Test
  void anObjectWithoutTimestamps_isNotMeasured() {
    clock.set(START.plusSeconds(1));

    lag.added(Kind.SERVICE_PROFILE, pod("6", null, null, "not a time"));

    assertThat(sample("discovery_informer_lag_seconds_count{kind=\"serviceprofile\"}")).isZero();
    assertThat(sample("discovery_last_event_timestamp_seconds{kind=\"serviceprofile\"}"))
        .isEqualTo(START.plusSeconds(1).toEpochMilli() / 1000.0);
  }

  /** The value of one sample of the scrape, named with its labels as the text format writes it. */
  private double sample(String series) {
    String scrape = registry.scrape();
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    assertThat(matcher.find()).as("%s in%n%s", series, scrape).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  /** An object with the given resourceVersion and timestamps (null: absent). */
  private static Pod pod(
      String resourceVersion, String created, String deleting, String... managedFieldTimes) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("web-1")
            .withNamespace("demo")
            .withResourceVersion(resourceVersion)
            .withCreationTimestamp(created)
            .withDeletionTimestamp(deleting)
            .endMetadata();
    for (String time : managedFieldTimes) {
      pod.editMetadata()
          .addToManagedFields(
              new ManagedFieldsEntryBuilder()
                  .withManager("kubectl")
                  .withOperation("Update")
                  .withTime(time)
                  .build())
          .endMetadata();
    }
    return pod.build();
  }

  /** A clock the test sets. */
  private static final class MutableClock extends Clock {

    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
