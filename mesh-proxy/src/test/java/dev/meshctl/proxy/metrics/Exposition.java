package dev.meshctl.proxy.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The samples of a Prometheus text exposition, parsed just enough for assertions: a sample's name,
 * labels (in exposition order) and value. Comment lines are skipped.
 */
public final class Exposition {

  public record Sample(String name, Map<String, String> labels, String value) {

    public double doubleValue() {
      return Double.parseDouble(value);
    }
  }

  private final List<Sample> samples;

  private Exposition(List<Sample> samples) {
    this.samples = samples;
  }

  public static Exposition parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(parseLine(line));
      }
    }
    return new Exposition(samples);
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The samples called {@code name}, in exposition order. */
  public List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /**
   * The one sample called {@code name} whose labels are exactly {@code labels}, an empty label
   * counting as absent (as Prometheus treats it).
   */
  public Optional<Sample> find(String name, Map<String, String> labels) {
    Map<String, String> wanted = nonEmpty(labels);
    return samples.stream()
        .filter(s -> s.name().equals(name) && nonEmpty(s.labels()).equals(wanted))
        .findFirst();
  }

  private static Map<String, String> nonEmpty(Map<String, String> labels) {
    Map<String, String> kept = new java.util.HashMap<>();
    labels.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            kept.put(k, v);
          }
        });
    return kept;
  }

  /** The value of the sample called {@code name} with exactly {@code labels}; fails when absent. */
  public double value(String name, Map<String, String> labels) {
    return find(name, labels)
        .orElseThrow(
            () -> new AssertionError("no sample " + name + labels + " in\n" + samplesText()))
        .doubleValue();
  }

  private String samplesText() {
    StringBuilder text = new StringBuilder();
    samples.forEach(s -> text.append(s).append('\n'));
    return text.toString();
  }

  private static Sample parseLine(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (brace < 0 || brace > space) {
      return new Sample(line.substring(0, space), Map.of(), line.substring(space + 1).trim());
    }
    String name = line.substring(0, brace);
    Map<String, String> labels = new LinkedHashMap<>();
    int i = brace + 1;
    while (line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String key = line.substring(i, eq);
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // skip ="
      while (line.charAt(j) != '"') {
        char c = line.charAt(j);
        if (c == '\\') {
          char escaped = line.charAt(++j);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
        j++;
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    return new Sample(name, labels, line.substring(i + 1).trim());
  }
}
