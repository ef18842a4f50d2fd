package dev.meshctl.injector;

import java.util.Locale;

/** What became of one admission review, the label of {@code injector_admissions_total}. */
enum AdmissionOutcome {
  /** The pod got the proxy (a JSON Patch was returned). */
  INJECTED,
  /** The pod was allowed unchanged: not opted in, opted out, already injected, not a CREATE... */
  SKIPPED,
  /**
   * The pod was allowed unchanged because something went wrong: an unreadable review, a namespace
   * that could not be read, a bad annotation.
   */
  ERROR;

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
