package dev.meshctl.controller.discovery.kubernetes;

import dev.meshctl.controller.discovery.DiscoveryObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Measures, for each informer event the {@link KubernetesSource} applied, the time since the API
 * server recorded the change ({@link ChangeTime}), and hands it to an {@link InformerLagRecorder}.
 * Only events that are a change seen live are measured:
 *
 * <ul>
 *   <li>not objects last changed before the source started (the first list, and a re-list after a
 *       watch expired, deliver objects that may be days old: their age is not a lag);
 *   <li>not an update that advanced none of the object's timestamps: a re-list's replay of an
 *       object, or a change that the server did not stamp (an API server without field management,
 *       such as a test's mock, leaves only the creation time, whose age is not the update's lag),
 *       or a second change within the same second;
 *   <li>not a delete, unless the object carries a {@code deletionTimestamp} (a graceful deletion);
 *       an object deleted at once has no timestamp for its deletion.
 * </ul>
 *
 * Every applied event still counts as the kind's last event.
 */
public final class InformerLag {

  private final Clock clock;
  private final InformerLagRecorder recorder;

  /** The start, truncated to the API server's one-second resolution. */
  private final Instant started;

  public InformerLag(Clock clock, InformerLagRecorder recorder) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.started = clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** Records nothing. */
  public static InformerLag none() {
    return new InformerLag(Clock.systemUTC(), InformerLagRecorder.NONE);
  }

  /** An object was added to the model (listed or created). */
  public void added(DiscoveryObject.Kind kind, HasMetadata object) {
    applied(kind, ChangeTime.of(object));
  }

  /** An object of the model was replaced by a newer version. */
  public void updated(DiscoveryObject.Kind kind, HasMetadata previous, HasMetadata object) {
    Optional<Instant> changed = ChangeTime.of(object);
    Optional<Instant> before = previous == null ? Optional.empty() : ChangeTime.of(previous);
    applied(kind, changed.equals(before) ? Optional.empty() : changed);
  }

  /** An object was removed from the model. */
  public void deleted(DiscoveryObject.Kind kind, HasMetadata object, boolean finalStateUnknown) {
    applied(
        kind,
        !finalStateUnknown && ChangeTime.deleting(object)
            ? ChangeTime.of(object)
            : Optional.empty());
  }

  private void applied(DiscoveryObject.Kind kind, Optional<Instant> changed) {
    Instant now = clock.instant();
    recorder.applied(kind, now);
    changed
        .filter(time -> !time.isBefore(started))
        .ifPresent(time -> recorder.lag(kind, nonNegative(Duration.between(time, now))));
  }

  /** A controller clock behind the API server's would read as a negative lag: none, then. */
  private static Duration nonNegative(Duration lag) {
    return lag.isNegative() ? Duration.ZERO : lag;
  }
}
