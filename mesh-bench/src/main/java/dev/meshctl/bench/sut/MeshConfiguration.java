package dev.meshctl.bench.sut;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    List<MeshProxyLauncher.Started> started = new ArrayList<>();
    try {
      InetSocketAddress next = context.backend();
      if (pair) {
        MeshProxies.Running inbound =
            MeshProxies.inbound(context, id() + " inbound proxy", context.backend(), Map.of());
        started.add(inbound.started());
        next = inbound.listener();
      }
      Path destinations =
          MeshProxies.writeDestinations(
              context.workDir().resolve(id() + "-destinations.yaml"),
              context.authority(),
              next,
              Optional.empty());
      MeshProxies.Running outbound =
          MeshProxies.outbound(context, id() + " outbound proxy", destinations, Map.of());
      started.add(0, outbound.started());
      return new Deployment(
          MeshProxies.targets(outbound.listener(), context.authority()),
          started.stream().map(MeshProxyLauncher.Started::process).toList(),
          started.stream().map(MeshProxyLauncher.Started::startup).toList(),
          context.launcher());
    } catch (IOException | InterruptedException | RuntimeException e) {
      started.forEach(s -> context.launcher().stop(s.process()));
      throw e;
    }
  }
}
