package dev.meshctl.cli;

/** Quoting for the small JSON documents commands print with {@code -o json}. */
final class JsonStrings {

  private JsonStrings() {}

  /** {@code value} as a JSON string literal, quotes included (RFC 8259 section 7). */
  static String quote(String value) {
    StringBuilder json = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }
}
