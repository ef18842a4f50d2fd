package dev.meshctl.injector;

/** Counts admission outcomes; the Micrometer backend is {@link MicrometerAdmissionRecorder}. */
interface AdmissionRecorder {

  void record(AdmissionOutcome outcome);
}
