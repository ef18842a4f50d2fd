package dev.meshctl.identity.ca;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of a bootstrap token's payload: one object whose values are strings or integers. Just
 * enough to keep the library free of a JSON dependency; anything else is rejected.
 */
final class FlatJson {

  private final String text;
  private int at;

  private FlatJson(String text) {
    this.text = text;
  }

  /** Writes the entries in order; values are {@link String} or {@link Long}. */
  static String write(Map<String, Object> entries) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, Object> entry : entries.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      string(json, entry.getKey()).append(':');
      if (entry.getValue() instanceof Long number) {
        json.append(number.longValue());
      } else {
        string(json, (String) entry.getValue());
      }
    }
    return json.append('}').toString();
  }

  /**
   * The entries of a flat object: {@link String} or {@link Long} values.
   *
   * @throws IllegalArgumentException for anything else, duplicate keys included
   */
  static Map<String, Object> parse(String text) {
    FlatJson parser = new FlatJson(text);
    Map<String, Object> entries = parser.object();
    parser.whitespace();
    if (parser.at != text.length()) {
      throw parser.error("text after the object");
    }
    return entries;
  }

  private Map<String, Object> object() {
    whitespace();
    expect('{');
    Map<String, Object> entries = new LinkedHashMap<>();
    whitespace();
    if (peek() == '}') {
      at++;
      return entries;
    }
    while (true) {
      whitespace();
      String key = string();
      whitespace();
      expect(':');
      whitespace();
      Object value = peek() == '"' ? string() : integer();
      if (entries.put(key, value) != null) {
        throw error("duplicate key '" + key + "'");
      }
      whitespace();
      char next = next();
      if (next == '}') {
        return entries;
      }
      if (next != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder value = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return value.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        value.append(c);
        continue;
      }
      char escaped = next();
      switch (escaped) {
        case '"', '\\', '/' -> value.append(escaped);
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'n' -> value.append('\n');
        case 'r' -> value.append('\r');
        case 't' -> value.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("short \\u escape");
          }
          try {
            value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          } catch (NumberFormatException e) {
            throw error("bad \\u escape");
          }
          at += 4;
        }
        default -> throw error("bad escape '\\" + escaped + "'");
      }
    }
  }

  private Long integer() {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    while (at < text.length() && Character.isDigit(text.charAt(at))) {
      at++;
    }
    try {
      return Long.parseLong(text.substring(start, at));
    } catch (NumberFormatException e) {
      throw error("expected a string or an integer");
    }
  }

  private void whitespace() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected '" + c + "'");
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("not a flat JSON object: " + what + " at offset " + at);
  }

  private static StringBuilder string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"');
  }
}
