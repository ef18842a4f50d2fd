package dev.meshctl.proxy.init;

import java.util.ArrayList;
import java.util.List;

/**
 * One port or an inclusive range of ports, as given to {@code --ignore-inbound-ports} and {@code
 * --ignore-outbound-ports} ({@code 4190}, {@code 8000-8010}).
 */
record PortRange(int from, int to) {

  PortRange {
    if (from < 1 || to > 65535 || from > to) {
      throw new IllegalArgumentException("bad port range " + from + "-" + to);
    }
  }

  /**
   * A comma-separated list of ports and ranges; empty (or only blanks) for none.
   *
   * @throws UsageException naming {@code option} and the part that is not a port or range
   */
  static List<PortRange> parseList(String option, String value) {
    List<PortRange> ranges = new ArrayList<>();
    if (value.isBlank()) {
      return ranges;
    }
    for (String part : value.split(",", -1)) {
      String item = part.trim();
      int dash = item.indexOf('-');
      int from = port(option, value, dash < 0 ? item : item.substring(0, dash));
      int to = dash < 0 ? from : port(option, value, item.substring(dash + 1));
      if (from > to) {
        throw new UsageException(
            option + " " + value + ": range " + item + " ends before it starts");
      }
      ranges.add(new PortRange(from, to));
    }
    return List.copyOf(ranges);
  }

  private static int port(String option, String value, String text) {
    String t = text.trim();
    if (!t.matches("[0-9]{1,5}") || Integer.parseInt(t) < 1 || Integer.parseInt(t) > 65535) {
      throw new UsageException(
          option
              + " "
              + value
              + ": \""
              + t
              + "\" is not a port; expected ports 1 to 65535 and ranges, e.g. 4190,8000-8010");
    }
    return Integer.parseInt(t);
  }

  /** As iptables' {@code --dport} takes it: {@code 4190} or {@code 8000:8010}. */
  String iptablesForm() {
    return from == to ? Integer.toString(from) : from + ":" + to;
  }

  @Override
  public String toString() {
    return from == to ? Integer.toString(from) : from + "-" + to;
  }
}
