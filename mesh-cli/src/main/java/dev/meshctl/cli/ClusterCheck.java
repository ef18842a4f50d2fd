package dev.meshctl.cli;

/**
 * The outcome of one check of a cluster ({@code meshctl check} on Kubernetes).
 *
 * @param section the group it is printed under ("kubernetes-api", "meshctl-identity", ...)
 * @param name what was checked, worded as what should be true
 * @param outcome passed, a warning (worth knowing, not a failure) or failed
 * @param hint for a warning or a failure, what is wrong and what to do; null when it passed
 */
record ClusterCheck(String section, String name, Outcome outcome, String hint) {

  enum Outcome {
    PASSED,
    WARNING,
    FAILED
  }

  static ClusterCheck passed(String section, String name) {
    return new ClusterCheck(section, name, Outcome.PASSED, null);
  }

  static ClusterCheck warning(String section, String name, String hint) {
    return new ClusterCheck(section, name, Outcome.WARNING, hint);
  }

  static ClusterCheck failed(String section, String name, String hint) {
    return new ClusterCheck(section, name, Outcome.FAILED, hint);
  }

  boolean failed() {
    return outcome == Outcome.FAILED;
  }
}
