package dev.meshctl.bench.sut;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One sample of a Prometheus text exposition (version 0.0.4): a metric's labels and its value, as a
 * mesh proxy's admin {@code /metrics} serves them.
 */
record PrometheusSample(Map<String, String> labels, double value) {

  PrometheusSample {
    labels = Map.copyOf(labels);
  }

  /** The label's value, or "" when the sample has no such label. */
  String label(String name) {
    return labels.getOrDefault(name, "");
  }

  /**
   * Every sample of {@code metric} (with labels) in {@code exposition}; other lines are ignored.
   */
  static List<PrometheusSample> of(String exposition, String metric) {
    List<PrometheusSample> samples = new ArrayList<>();
    String prefix = metric + "{";
    for (String line : exposition.split("\n")) {
      if (!line.startsWith(prefix)) {
        continue;
      }
      int close = labelsEnd(line, prefix.length());
      if (close < 0) {
        throw new IllegalArgumentException("unterminated labels: " + line);
      }
      Map<String, String> labels = labels(line.substring(prefix.length(), close));
      String value = line.substring(close + 1).trim().split("\\s+")[0];
      samples.add(new PrometheusSample(labels, Double.parseDouble(value)));
    }
    return samples;
  }

  /** The index of the '}' that closes the labels opened before {@code from}, or -1. */
  private static int labelsEnd(String line, int from) {
    boolean quoted = false;
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '}') {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code name="value",...} with the text format's escapes ({@code \\}, {@code \"}, {@code \n}).
   */
  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new HashMap<>();
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf('=', i);
      if (eq < 0 || eq + 1 >= text.length() || text.charAt(eq + 1) != '"') {
        throw new IllegalArgumentException("malformed labels: " + text);
      }
      String name = text.substring(i, eq).trim();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; j < text.length() && text.charAt(j) != '"'; j++) {
        char c = text.charAt(j);
        if (c == '\\' && j + 1 < text.length()) {
          char next = text.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      labels.put(name, value.toString());
      i = j + 1;
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      }
    }
    return labels;
  }
}
