package dev.meshctl.controller.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict reader of the Prometheus text exposition format, version 0.0.4 (what the proxy's admin
 * server answers on {@code /metrics}). Written here because the Prometheus Java client only writes
 * the format. Strict means that anything the format does not allow (a bad name, an unclosed label
 * set, an unknown escape, a duplicate label, a value that is not a number, a second {@code TYPE}
 * line for a family or one after its samples) is an {@link ExpositionFormatException} naming the
 * line: a proxy whose answer cannot be trusted is skipped rather than half read.
 *
 * <p>Stateless and thread-safe.
 */
public final class ExpositionParser {

  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** Every sample of {@code text}, in the order written. */
  public List<ExpositionSample> parse(String text) throws ExpositionFormatException {
    List<ExpositionSample> samples = new ArrayList<>();
    Set<String> typed = new HashSet<>();
    Set<String> seen = new HashSet<>();
    int lineNumber = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      String line = text.substring(start, end);
      start = end + 1;
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("#")) {
        comment(line, lineNumber, typed, seen);
        continue;
      }
      ExpositionSample sample = new LineReader(line, lineNumber).sample();
      seen.add(sample.name());
      samples.add(sample);
    }
    return samples;
  }

  /** {@code # HELP} and {@code # TYPE} are checked; any other comment is skipped. */
  private static void comment(String line, int number, Set<String> typed, Set<String> seen)
      throws ExpositionFormatException {
    String[] parts = line.substring(1).trim().split("[ \t]+", 3);
    if (parts.length < 2 || !(parts[0].equals("HELP") || parts[0].equals("TYPE"))) {
      return;
    }
    String family = parts[1];
    if (!validMetricName(family)) {
      throw new ExpositionFormatException(number, "invalid metric name \"" + family + "\"");
    }
    if (parts[0].equals("TYPE")) {
      String type = parts.length > 2 ? parts[2].trim() : "";
      if (!TYPES.contains(type)) {
        throw new ExpositionFormatException(
            number,
            "unknown type \"" + type + "\" for " + family + " (expected one of " + TYPES + ")");
      }
      if (!typed.add(family)) {
        throw new ExpositionFormatException(number, "second TYPE line for " + family);
      }
      for (String suffix : List.of("", "_total", "_bucket", "_count", "_sum")) {
        if (seen.contains(family + suffix)) {
          throw new ExpositionFormatException(
              number, "TYPE line for " + family + " after its samples");
        }
      }
    }
  }

  static boolean validMetricName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
      if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  static boolean validLabelName(String name) {
    return !name.contains(":") && validMetricName(name);
  }

  /** Reads one sample line: {@code name[{labels}] value [timestamp]}. */
  private static final class LineReader {
    private final String line;
    private final int number;
    private int pos;

    LineReader(String line, int number) {
      this.line = line;
      this.number = number;
    }

    ExpositionSample sample() throws ExpositionFormatException {
      skipBlanks();
      String name = name();
      if (!validMetricName(name)) {
        throw error("invalid metric name \"" + name + "\"");
      }
      Map<String, String> labels = Map.of();
      if (pos < line.length() && line.charAt(pos) == '{') {
        labels = labels();
      }
      if (pos >= line.length() || !isBlank(line.charAt(pos))) {
        throw error("expected a space and a value after " + name);
      }
      skipBlanks();
      String[] rest = line.substring(pos).trim().split("[ \t]+");
      if (rest.length == 0 || rest[0].isEmpty()) {
        throw error("missing value for " + name);
      }
      if (rest.length > 2) {
        throw error("unexpected text after the value and timestamp: \"" + rest[2] + "\"");
      }
      double value = value(rest[0]);
      if (rest.length == 2) {
        try {
          Long.parseLong(rest[1]);
        } catch (NumberFormatException e) {
          throw error("timestamp \"" + rest[1] + "\" is not an integer (milliseconds)");
        }
      }
      return new ExpositionSample(name, labels, value);
    }

    private String name() {
      int from = pos;
      while (pos < line.length() && line.charAt(pos) != '{' && !isBlank(line.charAt(pos))) {
        pos++;
      }
      return line.substring(from, pos);
    }

    private Map<String, String> labels() throws ExpositionFormatException {
      Map<String, String> labels = new LinkedHashMap<>();
      pos++; // '{'
      while (true) {
        skipBlanks();
        if (pos >= line.length()) {
          throw error("unclosed label set");
        }
        if (line.charAt(pos) == '}') {
          pos++;
          return labels;
        }
        int from = pos;
        while (pos < line.length() && line.charAt(pos) != '=' && !isBlank(line.charAt(pos))) {
          pos++;
        }
        String label = line.substring(from, pos);
        if (!validLabelName(label)) {
          throw error("invalid label name \"" + label + "\"");
        }
        skipBlanks();
        expect('=', "after label " + label);
        skipBlanks();
        expect('"', "to open the value of label " + label);
        String value = quoted(label);
        if (labels.put(label, value) != null) {
          throw error("label " + label + " appears twice");
        }
        skipBlanks();
        if (pos < line.length() && line.charAt(pos) == ',') {
          pos++;
        } else if (pos >= line.length() || line.charAt(pos) != '}') {
          throw error("expected ',' or '}' after the value of label " + label);
        }
      }
    }

    private String quoted(String label) throws ExpositionFormatException {
      StringBuilder value = new StringBuilder();
      while (pos < line.length()) {
        char c = line.charAt(pos++);
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\') {
          if (pos >= line.length()) {
            break;
          }
          char escaped = line.charAt(pos++);
          switch (escaped) {
            case '\\' -> value.append('\\');
            case '"' -> value.append('"');
            case 'n' -> value.append('\n');
            default ->
                throw error("unknown escape \\" + escaped + " in the value of label " + label);
          }
        } else {
          value.append(c);
        }
      }
      throw error("unclosed value of label " + label);
    }

    private double value(String text) throws ExpositionFormatException {
      switch (text) {
        case "NaN":
          return Double.NaN;
        case "+Inf", "Inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
      // Java's parser also takes hexadecimal and a trailing 'd' or 'f', which the format does not.
      if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
        throw error("value \"" + text + "\" is not a number");
      }
      return Double.parseDouble(text);
    }

    private void expect(char c, String where) throws ExpositionFormatException {
      if (pos >= line.length() || line.charAt(pos) != c) {
        throw error("expected '" + c + "' " + where);
      }
      pos++;
    }

    private void skipBlanks() {
      while (pos < line.length() && isBlank(line.charAt(pos))) {
        pos++;
      }
    }

    private static boolean isBlank(char c) {
      return c == ' ' || c == '\t';
    }

    private ExpositionFormatException error(String message) {
      return new ExpositionFormatException(number, message);
    }
  }
}
