package dev.meshctl.bench.sut;

import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the mesh configurations share: starting an outbound-side and an inbound-side proxy on their
 * own loopback ports (each with its admin port), and the outbound proxy's static destinations file.
 */
final class MeshProxies {

  /** A started proxy and where its listener and admin server are. */
  record Running(
      MeshProxyLauncher.Started started, InetSocketAddress listener, InetSocketAddress admin) {}

  private MeshProxies() {}

  /**
   * Starts the server side's proxy: its inbound listener forwards to {@code forward}.
   *
   * @param identity the {@code MESH_PROXY_IDENTITY_*} variables; empty for plaintext
   */
  static Running inbound(
      DeployContext context, String name, InetSocketAddress forward, Map<String, String> identity)
      throws IOException, InterruptedException {
    InetSocketAddress inbound = context.ports().free();
    InetSocketAddress admin = context.ports().free();
    Map<String, String> env =
        new HashMap<>(MeshProxyLauncher.listeners(context.ports().free(), inbound, admin));
    env.put("MESH_PROXY_INBOUND_FORWARD_ADDR", Ports.text(forward));
    env.putAll(identity);
    return new Running(context.meshProxy().start(name, env, admin), inbound, admin);
  }

  /**
   * Starts the client side's proxy: its outbound listener routes by the destinations file.
   *
   * @param identity the {@code MESH_PROXY_IDENTITY_*} variables; empty for plaintext
   */
  static Running outbound(
      DeployContext context, String name, Path destinations, Map<String, String> identity)
      throws IOException, InterruptedException {
    InetSocketAddress outbound = context.ports().free();
    InetSocketAddress admin = context.ports().free();
    Map<String, String> env =
        new HashMap<>(MeshProxyLauncher.listeners(outbound, context.ports().free(), admin));
    env.put("MESH_PROXY_DESTINATIONS_FILE", destinations.toString());
    env.putAll(identity);
    return new Running(context.meshProxy().start(name, env, admin), outbound, admin);
  }

  /**
   * Writes the outbound proxy's destinations file (see {@link #destinations}) into {@code file}.
   */
  static Path writeDestinations(
      Path file, String authority, InetSocketAddress endpoint, Optional<String> identity)
      throws IOException {
    Files.writeString(file, destinations(authority, endpoint, identity));
    return file;
  }

  /**
   * A static destinations file (mesh-proxy/README.md) that routes {@code authority} to its one
   * endpoint; with {@code identity}, the endpoint is meshed: the proxy originates mTLS to it and
   * requires it to prove that identity.
   */
  static String destinations(
      String authority, InetSocketAddress endpoint, Optional<String> identity) {
    return """
        # The outbound proxy's static destinations, written by mesh-bench.
        destinations:
          - authority: %s
            endpoints:
              - address: %s
        """
            .formatted(authority, Ports.text(endpoint))
        + identity.map("        identity: %s\n"::formatted).orElse("");
  }

  /** Every protocol's load goes to {@code listener}, addressing {@code authority}. */
  static Map<Protocol, Target> targets(InetSocketAddress listener, String authority) {
    Map<Protocol, Target> targets = new EnumMap<>(Protocol.class);
    for (Protocol p : Protocol.values()) {
      targets.put(p, new Target(listener, authority));
    }
    return targets;
  }
}
