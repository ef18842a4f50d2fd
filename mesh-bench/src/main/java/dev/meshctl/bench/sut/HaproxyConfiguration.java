package dev.meshctl.bench.sut;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HAProxy as a second peer: two instances in series, one thread each, keep-alive both sides with
 * connection reuse ({@code http-reuse always}); h2c and gRPC are HTTP/2 with prior knowledge on
 * both sides ({@code proto h2}).
 */
final class HaproxyConfiguration implements Configuration, ProxyHops.Peer {

  private final int hops;

  private HaproxyConfiguration(int hops) {
    this.hops = hops;
  }

  static HaproxyConfiguration twoHops() {
    return new HaproxyConfiguration(2);
  }

  @Override
  public String id() {
    return "haproxy-two-hops";
  }

  @Override
  public String title() {
    return "HAProxy two hops";
  }

  @Override
  public String path() {
    return "client -> haproxy -> haproxy -> backend";
  }

  @Override
  public Optional<String> notRun(PeerTools peers) {
    return peers.haproxy().isEmpty()
        ? Optional.of("haproxy is not installed (bench/run installs Debian's haproxy)")
        : Optional.empty();
  }

  @Override
  public Deployment deploy(DeployContext context) throws IOException, InterruptedException {
    return ProxyHops.deploy(this, hops, context);
  }

  @Override
  public String name() {
    return "haproxy";
  }

  @Override
  public String config(ProxyHops.Hop hop) {
    return Templates.render(
        "haproxy-hop.cfg",
        Map.of(
            "HOP", String.valueOf(hop.number()),
            "LISTEN_HTTP1", Ports.text(hop.http1()),
            "LISTEN_H2C", Ports.text(hop.h2c()),
            "NEXT_HTTP1", Ports.text(hop.nextHttp1()),
            "NEXT_H2C", Ports.text(hop.nextH2c())));
  }

  @Override
  public List<String> command(PeerTools peers, Path configFile, Path dir) {
    return List.of(peers.haproxy().orElseThrow().toString(), "-db", "-f", configFile.toString());
  }
}
