package dev.meshctl.bench.run;

import dev.meshctl.bench.report.Comparisons;
import java.util.ArrayList;
import java.util.List;

/**
 * Which configurations a run with {@code --only} runs: those asked for, plus the ones their
 * comparisons are made against in results.md. The direct baseline always runs (every ratio needs
 * it); {@code mesh-pair-mtls} brings {@code mesh-pair}, the plaintext pair its added cost is
 * measured against.
 */
final class Selection {

  private Selection() {}

  /** {@code only} with the references of what it names added; empty (everything) stays empty. */
  static List<String> withReferences(List<String> only) {
    List<String> all = new ArrayList<>(only);
    if (all.contains(Comparisons.MESH_PAIR_MTLS) && !all.contains(Comparisons.MESH_PAIR)) {
      all.add(Comparisons.MESH_PAIR);
    }
    return List.copyOf(all);
  }

  /** Whether the configuration {@code id} runs under the selection {@code only}. */
  static boolean runs(List<String> only, String id) {
    return id.equals(Comparisons.DIRECT) || only.isEmpty() || only.contains(id);
  }
}
