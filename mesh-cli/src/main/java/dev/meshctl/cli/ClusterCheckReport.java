package dev.meshctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Prints the checks of a cluster: grouped by section, {@code √} passed, {@code ‼} a warning, {@code
 * ×} failed, with the hint indented under warnings and failures; or as JSON.
 */
final class ClusterCheckReport {

  static final String WARNING = "‼";

  private ClusterCheckReport() {}

  static void printTable(PrintWriter out, List<ClusterCheck> results) {
    String section = null;
    for (ClusterCheck result : results) {
      if (!result.section().equals(section)) {
        if (section != null) {
          out.println();
        }
        section = result.section();
        out.println(section);
        out.println("-".repeat(section.length()));
      }
      out.println(symbol(result.outcome()) + " " + result.name());
      if (result.hint() != null) {
        out.println("    " + result.hint());
      }
    }
    out.println();
    long failed = results.stream().filter(ClusterCheck::failed).count();
    long warnings =
        results.stream().filter(r -> r.outcome() == ClusterCheck.Outcome.WARNING).count();
    String warned =
        warnings == 0 ? "" : " (" + warnings + (warnings == 1 ? " warning)" : " warnings)");
    out.println(
        failed == 0
            ? "Status check results are " + CheckCommand.PASSED + warned
            : "Status check results are "
                + CheckCommand.FAILED
                + ": "
                + failed
                + " of "
                + results.size()
                + " checks failed"
                + warned);
  }

  static void printJson(PrintWriter out, List<ClusterCheck> results) throws Exception {
    ObjectMapper json = ControllerApiClient.mapper();
    ObjectNode document =
        json.createObjectNode().put("success", results.stream().noneMatch(ClusterCheck::failed));
    ArrayNode checks = document.putArray("checks");
    for (ClusterCheck result : results) {
      ObjectNode check =
          checks
              .addObject()
              .put("section", result.section())
              .put("name", result.name())
              .put("result", result.outcome().name().toLowerCase(Locale.ROOT));
      if (result.hint() != null) {
        check.put("hint", result.hint());
      }
    }
    out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(document));
  }

  private static String symbol(ClusterCheck.Outcome outcome) {
    return switch (outcome) {
      case PASSED -> CheckCommand.PASSED;
      case WARNING -> WARNING;
      case FAILED -> CheckCommand.FAILED;
    };
  }
}
