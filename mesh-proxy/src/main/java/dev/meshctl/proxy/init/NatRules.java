package dev.meshctl.proxy.init;

import java.util.ArrayList;
import java.util.List;

/**
 * The NAT rules of a meshed pod, built from {@link InitOptions} and nothing else (no command is run
 * here): the two chains as {@code iptables-restore} input, and the jumps to them from the built-in
 * chains.
 *
 * <pre>
 * nat PREROUTING -> MESH_INBOUND:  ignored inbound ports RETURN, else tcp REDIRECT to the inbound port
 * nat OUTPUT     -> MESH_OUTBOUND: the proxy's uid RETURN, out on lo RETURN, ignored outbound ports
 *                                  RETURN, else tcp REDIRECT to the outbound port
 * </pre>
 *
 * <p>{@code iptables-restore --noflush} with the chains declared creates them, or empties them when
 * they exist, then appends their rules, all in one transaction, leaving every other chain alone: so
 * a second run replaces the chains rather than adding to them.
 *
 * @param chainRules the rules of the two chains, as {@code -A CHAIN ...} lines
 * @param jumps the jumps from the built-in chains, as iptables arguments after {@code -t nat} and
 *     the operation ({@code -C}, {@code -A}), e.g. {@code [PREROUTING, -p, tcp, -j, MESH_INBOUND]}
 */
record NatRules(List<String> chainRules, List<List<String>> jumps) {

  static final String INBOUND_CHAIN = "MESH_INBOUND";
  static final String OUTBOUND_CHAIN = "MESH_OUTBOUND";

  NatRules {
    chainRules = List.copyOf(chainRules);
    jumps = jumps.stream().map(List::copyOf).toList();
  }

  static NatRules of(InitOptions options) {
    List<String> rules = new ArrayList<>();
    for (PortRange ports : options.ignoreInboundPorts()) {
      rules.add(
          "-A " + INBOUND_CHAIN + " -p tcp -m tcp --dport " + ports.iptablesForm() + " -j RETURN");
    }
    rules.add("-A " + INBOUND_CHAIN + " -p tcp -j REDIRECT --to-ports " + options.inboundPort());
    rules.add(
        "-A " + OUTBOUND_CHAIN + " -m owner --uid-owner " + options.proxyUid() + " -j RETURN");
    rules.add("-A " + OUTBOUND_CHAIN + " -o lo -j RETURN");
    for (PortRange ports : options.ignoreOutboundPorts()) {
      rules.add(
          "-A " + OUTBOUND_CHAIN + " -p tcp -m tcp --dport " + ports.iptablesForm() + " -j RETURN");
    }
    rules.add("-A " + OUTBOUND_CHAIN + " -p tcp -j REDIRECT --to-ports " + options.outboundPort());
    List<List<String>> jumps =
        List.of(
            List.of("PREROUTING", "-p", "tcp", "-j", INBOUND_CHAIN),
            List.of("OUTPUT", "-p", "tcp", "-j", OUTBOUND_CHAIN));
    return new NatRules(rules, jumps);
  }

  /** The input of {@code iptables-restore --noflush}: the nat table's two chains. */
  String restoreInput() {
    StringBuilder input = new StringBuilder("*nat\n");
    input.append(':').append(INBOUND_CHAIN).append(" - [0:0]\n");
    input.append(':').append(OUTBOUND_CHAIN).append(" - [0:0]\n");
    chainRules.forEach(rule -> input.append(rule).append('\n'));
    return input.append("COMMIT\n").toString();
  }
}
