package dev.meshctl.identity.certify;

import dev.meshctl.identity.ca.RefusalReason;

/** Counts what {@link Certifier} decides; the metrics backend sits behind it. */
public interface CertificationRecorder {

  void issued();

  void refused(RefusalReason reason);
}
