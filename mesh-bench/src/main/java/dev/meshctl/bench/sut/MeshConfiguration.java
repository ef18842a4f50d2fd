package dev.meshctl.bench.sut;

import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mesh, plaintext: either a pair of proxies as between two pods (the client's outbound proxy
 * routes the authority, by a static destinations file, to the server's inbound proxy, which
 * forwards to the backend), or the outbound proxy alone in front of the backend (one hop). The
 * proxies keep the protocol: HTTP/1.1 stays HTTP/1.1, h2c and gRPC stay h2c.
 */
final class MeshConfiguration implements Configuration {

  private final boolean pair;

  private MeshConfiguration(boolean pair) {
    this.pair = pair;
  }

  static MeshConfiguration pair() {
    return new MeshConfiguration(true);
  }

  static MeshConfiguration outboundOnly() {
    return new MeshConfiguration(false);
  }

  @Override
  public String id() {
    return pair ? "mesh-pair" : "mesh-outbound";
  }

  @Override
  public String title() {
    return pair ? "mesh pair, plaintext" : "mesh outbound alone";
  }

  @Override
  public String path() {
    return pair
        ? "client -> outbound proxy -> inbound proxy -> backend"
        : "client -> outbound proxy -> backend";
  }

  @Override
  public Deployment deploy(DeployContext context) throws IOException, InterruptedException {
    List<SutProcess> processes = new ArrayList<>();
    List<MeshProxyLauncher.Started> started = new ArrayList<>();
    try {
      InetSocketAddress next = context.backend();
      if (pair) {
        InetSocketAddress inbound = context.ports().free();
        InetSocketAddress admin = context.ports().free();
        Map<String, String> env =
            new HashMap<>(MeshProxyLauncher.listeners(context.ports().free(), inbound, admin));
        env.put("MESH_PROXY_INBOUND_FORWARD_ADDR", Ports.text(context.backend()));
        started.add(context.meshProxy().start(id() + " inbound proxy", env, admin));
        next = inbound;
      }
      Path destinations = context.workDir().resolve(id() + "-destinations.yaml");
      Files.writeString(
          destinations,
          """
          # The outbound proxy's static destinations, written by mesh-bench.
          destinations:
            - authority: %s
              endpoints:
                - address: %s
          """
              .formatted(context.authority(), Ports.text(next)));
      InetSocketAddress outbound = context.ports().free();
      InetSocketAddress admin = context.ports().free();
      Map<String, String> env =
          new HashMap<>(MeshProxyLauncher.listeners(outbound, context.ports().free(), admin));
      env.put("MESH_PROXY_DESTINATIONS_FILE", destinations.toString());
      started.add(0, context.meshProxy().start(id() + " outbound proxy", env, admin));

      Map<Protocol, Target> targets = new EnumMap<>(Protocol.class);
      for (Protocol p : Protocol.values()) {
        targets.put(p, new Target(outbound, context.authority()));
      }
      started.forEach(s -> processes.add(s.process()));
      return new Deployment(
          targets,
          processes,
          started.stream().map(MeshProxyLauncher.Started::startup).toList(),
          context.launcher());
    } catch (IOException | InterruptedException | RuntimeException e) {
      started.forEach(s -> context.launcher().stop(s.process()));
      throw e;
    }
  }
}
