package dev.meshctl.bench.report;

import dev.meshctl.bench.load.Protocol;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the results model as indented JSON: records as objects (component names as keys), maps,
 * collections, strings, numbers, booleans and null; a {@link Protocol} by its id, a {@link
 * Duration} in seconds, an {@link Instant} in ISO-8601.
 */
final class Json {

  private Json() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, "");
    return out.append('\n').toString();
  }

  private static void write(Object value, StringBuilder out, String indent) {
    if (value instanceof Optional<?> optional) {
      value = optional.orElse(null);
    }
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Double d) {
      out.append(d.isNaN() || d.isInfinite() ? "null" : number(d));
    } else if (value instanceof Float f) {
      write(f.doubleValue(), out, indent);
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Protocol p) {
      string(p.id(), out);
    } else if (value instanceof Enum<?> e) {
      string(e.name().toLowerCase(Locale.ROOT), out);
    } else if (value instanceof Duration d) {
      out.append(number(d.toNanos() / 1e9));
    } else if (value instanceof Instant i) {
      string(i.toString(), out);
    } else if (value instanceof Map<?, ?> map) {
      object(map, out, indent);
    } else if (value instanceof Collection<?> list) {
      array(list, out, indent);
    } else if (value instanceof double[] doubles) {
      array(Arrays.stream(doubles).boxed().toList(), out, indent);
    } else if (value instanceof Record record) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        try {
          fields.put(c.getName(), c.getAccessor().invoke(record));
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException("cannot read " + c, e);
        }
      }
      object(fields, out, indent);
    } else {
      string(value.toString(), out);
    }
  }

  private static void object(Map<?, ?> map, StringBuilder out, String indent) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    String inner = indent + "  ";
    out.append("{\n");
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!first) {
        out.append(",\n");
      }
      first = false;
      out.append(inner);
      Object key = e.getKey();
      string(key instanceof Protocol p ? p.id() : String.valueOf(key), out);
      out.append(": ");
      write(e.getValue(), out, inner);
    }
    out.append('\n').append(indent).append('}');
  }

  private static void array(Collection<?> list, StringBuilder out, String indent) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    boolean scalars =
        list.stream().allMatch(v -> v == null || v instanceof Number || v instanceof String);
    if (scalars) {
      out.append('[');
      boolean first = true;
      for (Object v : list) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        write(v, out, indent);
      }
      out.append(']');
      return;
    }
    String inner = indent + "  ";
    out.append("[\n");
    boolean first = true;
    for (Object v : list) {
      if (!first) {
        out.append(",\n");
      }
      first = false;
      out.append(inner);
      write(v, out, inner);
    }
    out.append('\n').append(indent).append(']');
  }

  private static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return String.valueOf((long) d);
    }
    return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
