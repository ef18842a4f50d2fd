package dev.meshctl.bench.sut;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * nginx as the mesh's peer: one or two reverse-proxy instances in series, one worker each,
 * keep-alive to the client and to the upstream. HTTP/1.1 is proxied as HTTP/1.1 ({@code
 * proxy_pass}, {@code proxy_http_version 1.1}, upstream {@code keepalive}); h2c and gRPC are
 * received as HTTP/2 with prior knowledge ({@code listen ... http2}) and sent on as h2c with {@code
 * grpc_pass}, nginx's only HTTP/2 upstream ({@code proxy_pass} speaks HTTP/1.x only).
 */
final class NginxConfiguration implements Configuration, ProxyHops.Peer {

  private final int hops;

  private NginxConfiguration(int hops) {
    this.hops = hops;
  }

  static NginxConfiguration oneHop() {
    return new NginxConfiguration(1);
  }

  static NginxConfiguration twoHops() {
    return new NginxConfiguration(2);
  }

  @Override
  public String id() {
    return hops == 1 ? "nginx-one-hop" : "nginx-two-hops";
  }

  @Override
  public String title() {
    return hops == 1 ? "nginx one hop" : "nginx two hops";
  }

  @Override
  public String path() {
    return hops == 1 ? "client -> nginx -> backend" : "client -> nginx -> nginx -> backend";
  }

  @Override
  public Optional<String> notRun(PeerTools peers) {
    return peers.nginx().isEmpty()
        ? Optional.of("nginx is not installed (bench/run installs Debian's nginx)")
        : Optional.empty();
  }

  @Override
  public Deployment deploy(DeployContext context) throws IOException, InterruptedException {
    return ProxyHops.deploy(this, hops, context);
  }

  @Override
  public String name() {
    return "nginx";
  }

  @Override
  public String config(ProxyHops.Hop hop) {
    boolean root = "root".equals(System.getProperty("user.name"));
    return Templates.render(
        "nginx-hop.conf",
        Map.of(
            "HOP", String.valueOf(hop.number()),
            "USER", root ? "user root;" : "",
            "DIR", hop.dir().toString(),
            "LISTEN_HTTP1", Ports.text(hop.http1()),
            "LISTEN_H2C", Ports.text(hop.h2c()),
            "NEXT_HTTP1", Ports.text(hop.nextHttp1()),
            "NEXT_H2C", Ports.text(hop.nextH2c())));
  }

  @Override
  public List<String> command(PeerTools peers, Path configFile, Path dir) {
    return List.of(
        peers.nginx().orElseThrow().toString(),
        "-p",
        dir.toString(),
        "-e",
        dir.resolve("error.log").toString(),
        "-c",
        configFile.toString());
  }
}
