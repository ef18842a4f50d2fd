package dev.meshctl.proxy.config;

/**
 * A configuration value the proxy cannot start with. The message is one line naming the variable,
 * the value and what is expected, e.g. {@code MESH_PROXY_CONNECT_TIMEOUT="fast": expected a
 * duration such as 500ms, 10s or 1m}.
 */
public final class ConfigException extends RuntimeException {

  private static final int MAX_SHOWN = 200;

  public ConfigException(String variable, String value, String expected) {
    super(variable + "=\"" + printable(value) + "\": expected " + expected);
  }

  public ConfigException(String message) {
    super(message);
  }

  /**
   * The value as it may be shown inside double quotes on one line: control characters, quotes and
   * backslashes escaped, very long values cut.
   */
  public static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      if (out.length() >= MAX_SHOWN) {
        return out.append("...(").append(value.length()).append(" characters)").toString();
      }
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
