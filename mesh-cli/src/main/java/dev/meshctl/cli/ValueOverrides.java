package dev.meshctl.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Chart values the way Helm takes them from a command line: values files ({@code -f}) merged in
 * order, then {@code --set key.path=value} pairs (several per flag, comma-separated; {@code true},
 * {@code false}, {@code null} and integers are typed as Helm types them).
 */
final class ValueOverrides {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");

  private ValueOverrides() {}

  /** The YAML a values file holds: block-style, multi-line strings as literal blocks. */
  static ObjectMapper yaml() {
    return new ObjectMapper(
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            // A string such as "4190" or "1.0" must stay a string when read back.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());
  }

  /** The files' values, then the {@code --set} pairs', each merged over what came before. */
  static Map<String, Object> read(List<Path> files, List<String> sets) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Path file : files) {
      merge(values, readFile(file));
    }
    for (String set : sets) {
      for (String pair : splitPairs(set)) {
        merge(values, parsePair(pair));
      }
    }
    return values;
  }

  private static Map<String, Object> readFile(Path file) {
    try {
      Map<String, Object> values =
          yaml().readValue(Files.readString(file), new TypeReference<Map<String, Object>>() {});
      return values == null ? Map.of() : values;
    } catch (IOException e) {
      throw new UsageException(
          "cannot read the values file "
              + file
              + ": "
              + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** {@code a=1,b=2} as two pairs; {@code \,} is a comma inside a value. */
  private static List<String> splitPairs(String set) {
    List<String> pairs = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < set.length(); i++) {
      char c = set.charAt(i);
      if (c == '\\' && i + 1 < set.length() && set.charAt(i + 1) == ',') {
        current.append(',');
        i++;
      } else if (c == ',') {
        pairs.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    pairs.add(current.toString());
    return pairs;
  }

  static Map<String, Object> parsePair(String pair) {
    int equals = pair.indexOf('=');
    String key = equals < 0 ? pair : pair.substring(0, equals).strip();
    if (equals < 0 || !KEY.matcher(key).matches()) {
      throw new UsageException(
          "--set " + pair + ": expected key.path=value (e.g. --set controller.replicas=2)");
    }
    Object value = typed(pair.substring(equals + 1));
    String[] path = key.split("\\.");
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> node = root;
    for (int i = 0; i < path.length - 1; i++) {
      Map<String, Object> child = new LinkedHashMap<>();
      node.put(path[i], child);
      node = child;
    }
    node.put(path[path.length - 1], value);
    return root;
  }

  private static Object typed(String text) {
    return switch (text) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      case "null" -> null;
      default -> INTEGER.matcher(text).matches() ? (Object) Long.parseLong(text) : text;
    };
  }

  /** Merges {@code over} into {@code base}: maps merge key by key, anything else replaces. */
  @SuppressWarnings("unchecked")
  static void merge(Map<String, Object> base, Map<String, Object> over) {
    for (Map.Entry<String, Object> entry : over.entrySet()) {
      Object existing = base.get(entry.getKey());
      if (existing instanceof Map<?, ?> existingMap && entry.getValue() instanceof Map<?, ?> add) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existingMap);
        merge(copy, (Map<String, Object>) add);
        base.put(entry.getKey(), copy);
      } else {
        base.put(entry.getKey(), entry.getValue());
      }
    }
  }

  /** The value at a dotted path, or null. */
  static Object at(Map<String, Object> values, String path) {
    Object node = values;
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(part);
    }
    return node;
  }
}
