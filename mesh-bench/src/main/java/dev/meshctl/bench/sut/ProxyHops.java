package dev.meshctl.bench.sut;

import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A chain of reverse-proxy instances of a peer (nginx, HAProxy) in series in front of the backend,
 * started from the backend side so that each hop's upstream is already listening. Each hop listens
 * on two ports, one for HTTP/1.1 and one for h2c (which also carries gRPC), and forwards each
 * protocol to the same kind of port of the next hop, keeping the protocol end to end as the mesh
 * does.
 */
final class ProxyHops {

  /** What a peer supplies: its configuration file and command for one hop. */
  interface Peer {
    String name();

    /** The configuration file of a hop. */
    String config(Hop hop);

    /** The command that runs a hop in the foreground with {@code configFile}. */
    List<String> command(PeerTools peers, Path configFile, Path dir);
  }

  /** One hop: where it listens, where it forwards, its own directory. */
  record Hop(
      int number,
      InetSocketAddress http1,
      InetSocketAddress h2c,
      InetSocketAddress nextHttp1,
      InetSocketAddress nextH2c,
      Path dir) {}

  private ProxyHops() {}

  static Deployment deploy(Peer peer, int hops, DeployContext context)
      throws IOException, InterruptedException {
    List<SutProcess> started = new ArrayList<>();
    try {
      InetSocketAddress nextHttp1 = context.backend();
      InetSocketAddress nextH2c = context.backend();
      for (int number = hops; number >= 1; number--) {
        Path dir = context.workDir().resolve(peer.name() + "-" + hops + "hop-" + number);
        Files.createDirectories(dir.resolve("tmp"));
        Hop hop =
            new Hop(
                number, context.ports().free(), context.ports().free(), nextHttp1, nextH2c, dir);
        Path config = dir.resolve(peer.name() + ".conf");
        Files.writeString(config, peer.config(hop));
        SutProcess process =
            context
                .launcher()
                .start(
                    peer.name() + " " + hops + "-hop " + number,
                    peer.command(context.peers(), config, dir),
                    Map.of(),
                    List.of());
        started.add(0, process);
        awaitListening(process, hop);
        nextHttp1 = hop.http1();
        nextH2c = hop.h2c();
      }
      Map<Protocol, Target> targets = new EnumMap<>(Protocol.class);
      targets.put(Protocol.HTTP1, new Target(nextHttp1, context.authority()));
      targets.put(Protocol.H2C, new Target(nextH2c, context.authority()));
      targets.put(Protocol.GRPC, new Target(nextH2c, context.authority()));
      return new Deployment(targets, started, List.of(), context.launcher());
    } catch (IOException | InterruptedException | RuntimeException e) {
      started.forEach(context.launcher()::stop);
      throw e;
    }
  }

  private static void awaitListening(SutProcess process, Hop hop)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Ports.accepting(hop.http1()) || !Ports.accepting(hop.h2c())) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IOException(process.name() + " did not start:\n" + process.logTail());
      }
      Thread.sleep(5);
    }
  }
}
