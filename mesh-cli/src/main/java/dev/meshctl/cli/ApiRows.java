package dev.meshctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rows} of a controller answer, both as typed records (for tables) and as the JSON the
 * controller sent (printed unchanged by {@code -o json}, fields the CLI does not know included).
 *
 * @param rows the rows as records
 * @param json the rows as the controller sent them, a JSON array
 * @param note the controller's word on why the answer may be incomplete (e.g. fewer samples than
 *     the window asked for), or null when it is whole
 */
record ApiRows<R>(List<R> rows, JsonNode json, String note) {

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
        List.copyOf(typed), rows, note != null && note.isTextual() ? note.asText() : null);
  }

  /** Tells the user, on stderr, when the controller said its answer may be incomplete. */
  void printNote(PrintWriter err) {
    if (note != null && !note.isBlank()) {
      err.println("Note: " + note);
    }
  }
}
