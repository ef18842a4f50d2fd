package dev.meshctl.controller.tap;

import dev.meshctl.api.tap.TapEvent;

/** What one proxy's tap yields: an event it observed, or the failure that ended its tap. */
sealed interface PodEvent {

  TapTarget target();

  /** An event a proxy reported. */
  record Observed(TapTarget target, TapEvent event) implements PodEvent {

    /** The id that joins a request's events: {@code <pod>:<stream id>}. */
    String id() {
      return target.pod() + ":" + event.getStreamId();
    }
  }

  /** The tap of this proxy ended with a failure, said in words. */
  record Failed(TapTarget target, String message) implements PodEvent {}
}
