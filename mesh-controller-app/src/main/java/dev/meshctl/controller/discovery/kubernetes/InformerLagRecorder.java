package dev.meshctl.controller.discovery.kubernetes;

import dev.meshctl.controller.discovery.DiscoveryObject;
import java.time.Duration;
import java.time.Instant;

/**
 * Records how far behind the API server the informers are: what {@link InformerLag} measures per
 * event. The Micrometer backend ({@link MicrometerInformerLagRecorder}) sits behind it.
 */
public interface InformerLagRecorder {

  /** An event of {@code kind} was applied to the model at {@code appliedAt} (wall clock). */
  void applied(DiscoveryObject.Kind kind, Instant appliedAt);

  /**
   * The time from the API server's record of a change to the controller applying it, as {@link
   * ChangeTime} reads it (so up to a second more than the true lag; never negative).
   */
  void lag(DiscoveryObject.Kind kind, Duration lag);

  /** Records nothing. */
  InformerLagRecorder NONE =
      new InformerLagRecorder() {
        @Override
        public void applied(DiscoveryObject.Kind kind, Instant appliedAt) {}

        @Override
        public void lag(DiscoveryObject.Kind kind, Duration lag) {}
      };
}
