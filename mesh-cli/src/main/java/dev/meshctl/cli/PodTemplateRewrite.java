package dev.meshctl.cli;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * What {@code inject} or {@code uninject} does to one pod (a workload's template wrapped as a pod):
 * a changed pod, or the reason it was left alone.
 */
interface PodTemplateRewrite {

  /** The past tense printed for a changed object: "injected", "uninjected". */
  String verb();

  Outcome apply(Pod pod, String namespace);

  /**
   * @param pod the pod to write back when changed
   * @param skipped why nothing changed; null when it did
   */
  record Outcome(Pod pod, String skipped) {

    static Outcome changed(Pod pod) {
      return new Outcome(pod, null);
    }

    static Outcome skipped(String reason) {
      return new Outcome(null, reason);
    }

    boolean isChanged() {
      return skipped == null;
    }
  }
}
