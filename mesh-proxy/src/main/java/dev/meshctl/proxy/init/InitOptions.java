package dev.meshctl.proxy.init;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ProxyInit} was asked to install, parsed from its command line.
 *
 * @param proxyUid the proxy's user id: its own connections are never redirected
 * @param inboundPort the proxy's inbound listener, where inbound TCP is redirected
 * @param outboundPort the proxy's outbound listener, where outbound TCP is redirected
 * @param ignoreInboundPorts destination ports of inbound connections left alone
 * @param ignoreOutboundPorts destination ports of outbound connections left alone
 * @param iptables the iptables command, a path or a name looked up on the {@code PATH}
 * @param dryRun print what would be run, run nothing
 * @param help print the usage and exit
 */
record InitOptions(
    int proxyUid,
    int inboundPort,
    int outboundPort,
    List<PortRange> ignoreInboundPorts,
    List<PortRange> ignoreOutboundPorts,
    String iptables,
    boolean dryRun,
    boolean help) {

  static final int DEFAULT_PROXY_UID = 2102;
  static final int DEFAULT_INBOUND_PORT = 4143;
  static final int DEFAULT_OUTBOUND_PORT = 4140;
  static final String DEFAULT_IGNORE_INBOUND_PORTS = "4190,4191";
  static final String DEFAULT_IPTABLES = "iptables";

  static final String USAGE =
      """
      Usage: ProxyInit [--proxy-uid UID] [--inbound-port PORT] [--outbound-port PORT]
                       [--ignore-inbound-ports LIST] [--ignore-outbound-ports LIST]
                       [--iptables COMMAND] [--dry-run] [--help]

      Installs the iptables NAT rules of a meshed pod (IPv4 only), in the network namespace it runs
      in: inbound TCP is redirected to the proxy's inbound port (chain MESH_INBOUND, jumped to from
      nat PREROUTING), outbound TCP to its outbound port (chain MESH_OUTBOUND, from nat OUTPUT).
      Running it again replaces the two chains and leaves one jump to each. Needs the NET_ADMIN and
      NET_RAW capabilities.

      Options (--name VALUE or --name=VALUE):
        --proxy-uid UID              user id the proxy runs as; its own connections are never
                                     redirected (default 2102)
        --inbound-port PORT          the proxy's inbound listener (default 4143)
        --outbound-port PORT         the proxy's outbound listener (default 4140)
        --ignore-inbound-ports LIST  inbound destination ports not redirected: ports and ranges,
                                     e.g. 4190,4191,8000-8010; "" for none (default 4190,4191, the
                                     proxy's tap and admin ports; a value replaces the default)
        --ignore-outbound-ports LIST outbound destination ports not redirected (default none)
        --iptables COMMAND           the iptables binary, a path or a name on the PATH (default
                                     iptables); its -restore companion (iptables-restore) is
                                     taken from the same place
        --dry-run                    print the rules and commands, change nothing
        --help                       print this help

      Outbound traffic leaving on the loopback interface (lo) is never redirected: the proxy
      forwards inbound connections to 127.0.0.1, and applications talk to themselves.

      Exit codes: 0 installed (or printed), 1 iptables missing or failed, 2 bad command line.
      """;

  InitOptions {
    ignoreInboundPorts = List.copyOf(ignoreInboundPorts);
    ignoreOutboundPorts = List.copyOf(ignoreOutboundPorts);
    Objects.requireNonNull(iptables, "iptables");
  }

  /**
   * Parses the command line.
   *
   * @throws UsageException on an unknown option, a missing or bad value
   */
  static InitOptions parse(List<String> args) {
    int proxyUid = DEFAULT_PROXY_UID;
    int inboundPort = DEFAULT_INBOUND_PORT;
    int outboundPort = DEFAULT_OUTBOUND_PORT;
    List<PortRange> ignoreInbound =
        PortRange.parseList("--ignore-inbound-ports", DEFAULT_IGNORE_INBOUND_PORTS);
    List<PortRange> ignoreOutbound = List.of();
    String iptables = DEFAULT_IPTABLES;
    boolean dryRun = false;
    boolean help = false;
    List<String> rest = new ArrayList<>(args);
    while (!rest.isEmpty()) {
      String arg = rest.remove(0);
      String name = arg;
      String inlineValue = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        inlineValue = arg.substring(eq + 1);
      }
      switch (name) {
        case "--help", "-h" -> help = true;
        case "--dry-run" -> {
          if (inlineValue != null) {
            throw new UsageException("--dry-run takes no value");
          }
          dryRun = true;
        }
        case "--proxy-uid" -> proxyUid = uid(name, value(name, inlineValue, rest));
        case "--inbound-port" -> inboundPort = port(name, value(name, inlineValue, rest));
        case "--outbound-port" -> outboundPort = port(name, value(name, inlineValue, rest));
        case "--ignore-inbound-ports" ->
            ignoreInbound = PortRange.parseList(name, value(name, inlineValue, rest));
        case "--ignore-outbound-ports" ->
            ignoreOutbound = PortRange.parseList(name, value(name, inlineValue, rest));
        case "--iptables" -> {
          iptables = value(name, inlineValue, rest).trim();
          if (iptables.isEmpty()) {
            throw new UsageException("--iptables: expected a path or a command name, got nothing");
          }
        }
        default ->
            throw new UsageException(
                (arg.startsWith("-") ? "unknown option " : "unexpected argument ") + arg);
      }
    }
    if (!help && inboundPort == outboundPort) {
      throw new UsageException(
          "--inbound-port and --outbound-port are both " + inboundPort + "; they must differ");
    }
    return new InitOptions(
        proxyUid, inboundPort, outboundPort, ignoreInbound, ignoreOutbound, iptables, dryRun, help);
  }

  private static String value(String name, String inlineValue, List<String> rest) {
    if (inlineValue != null) {
      return inlineValue;
    }
    if (rest.isEmpty() || rest.get(0).startsWith("--")) {
      throw new UsageException(name + " needs a value");
    }
    return rest.remove(0);
  }

  private static int port(String name, String value) {
    String v = value.trim();
    if (!v.matches("[0-9]{1,5}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 65535) {
      throw new UsageException(name + " " + value + ": expected a port, 1 to 65535");
    }
    return Integer.parseInt(v);
  }

  private static int uid(String name, String value) {
    String v = value.trim();
    if (!v.matches("[0-9]{1,10}") || Long.parseLong(v) > Integer.MAX_VALUE) {
      throw new UsageException(name + " " + value + ": expected a numeric user id, e.g. 2102");
    }
    return Integer.parseInt(v);
  }
}
