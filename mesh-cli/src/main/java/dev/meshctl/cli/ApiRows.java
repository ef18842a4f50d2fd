package dev.meshctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A controller answer of the metrics API: its {@code rows} as typed records (for tables), and the
 * document as the controller sent it (printed unchanged by {@code -o json}, fields the CLI does not
 * know included).
 *
 * @param rows the rows as records
 * @param document the whole answer as the controller sent it: {@code window}, {@code source},
 *     {@code rows}...
 * @param note the controller's word on why the answer may be incomplete (e.g. fewer samples than
 *     the window asked for), or null when it is whole
 */
record ApiRows<R>(List<R> rows, JsonNode document, String note) {

  /**
   * Reads {@code document.rows}.
   *
   * @throws UserFacingException when the answer has no rows array or a row of the wrong shape
   */
  static <R> ApiRows<R> of(JsonNode document, Class<R> type, ObjectMapper mapper, String what) {
    JsonNode rows = document.get("rows");
    if (rows == null || !rows.isArray()) {
      throw new UserFacingException("the controller's answer to " + what + " has no rows");
    }
    List<R> typed = new ArrayList<>(rows.size());
    for (JsonNode row : rows) {
      try {
        typed.add(mapper.treeToValue(row, type));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new UserFacingException(
            "the controller's answer to " + what + " has a row meshctl cannot read: " + row, e);
      }
    }
    JsonNode note = document.get("note");
    return new ApiRows<>(
        List.copyOf(typed), document, note != null && note.isTextual() ? note.asText() : null);
  }

  /** Tells the user, on stderr, when the controller said its answer may be incomplete. */
  void printNote(PrintWriter err) {
    if (note != null && !note.isBlank()) {
      err.println("Note: " + note);
    }
  }
}
