package dev.meshctl.bench.sut;

import dev.meshctl.bench.identity.BenchCa;
import dev.meshctl.bench.identity.ProxyIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mesh pair with mutual TLS between the proxies, as the mesh always runs between pods: the
 * plaintext pair of {@link MeshConfiguration}, plus a throwaway CA made for the run ({@link
 * BenchCa}, in the work directory), a certificate for each proxy given to it through the {@code
 * MESH_PROXY_IDENTITY_*_FILE} variables, and the outbound proxy's destination endpoint marked with
 * the inbound proxy's identity, so that the outbound proxy originates mTLS and requires that
 * identity.
 *
 * <p>That the traffic really is mTLS is checked from the proxies' own metrics: a first request
 * right after the start, then everything the warm-up sent ({@link Deployment#verifyTraffic}), must
 * be counted by the outbound proxy as {@code tls="true"} to the server's identity and by the
 * inbound proxy as {@code tls="true"} from the client's; anything else fails the configuration,
 * with the counts, before it is measured.
 */
final class MeshMtlsConfiguration implements Configuration {

  @Override
  public String id() {
    return "mesh-pair-mtls";
  }

  @Override
  public String title() {
    return "mesh pair, mTLS";
  }

  @Override
  public String path() {
    return "client -> outbound proxy =mTLS=> inbound proxy -> backend";
  }

  @Override
  public Deployment deploy(DeployContext context) throws IOException, InterruptedException {
    BenchCa ca = BenchCa.create(context.workDir().resolve(id() + "-identity"));
    ProxyIdentity client = ca.issue(BenchCa.identity(BenchCa.CLIENT));
    ProxyIdentity server = ca.issue(BenchCa.identity(BenchCa.SERVER));

    List<MeshProxyLauncher.Started> started = new ArrayList<>();
    try {
      MeshProxies.Running inbound =
          MeshProxies.inbound(
              context, id() + " inbound proxy", context.backend(), server.environment());
      started.add(inbound.started());
      Path destinations =
          MeshProxies.writeDestinations(
              context.workDir().resolve(id() + "-destinations.yaml"),
              context.authority(),
              inbound.listener(),
              Optional.of(server.dnsName()));
      MeshProxies.Running outbound =
          MeshProxies.outbound(
              context, id() + " outbound proxy", destinations, client.environment());
      started.add(0, outbound.started());

      Deployment.TrafficCheck check = () -> verifyMtls(outbound, inbound, client, server);
      firstRequest(context, outbound);
      check.verify();
      return new Deployment(
          MeshProxies.targets(outbound.listener(), context.authority()),
          started.stream().map(MeshProxyLauncher.Started::process).toList(),
          started.stream().map(MeshProxyLauncher.Started::startup).toList(),
          context.launcher(),
          check);
    } catch (IOException | InterruptedException | RuntimeException e) {
      started.forEach(s -> context.launcher().stop(s.process()));
      throw e;
    }
  }

  /**
   * Fails unless every request the outbound proxy sent was mTLS to the server's identity and every
   * request the inbound proxy received was mTLS from the client's, by the proxies' own counts.
   */
  private static void verifyMtls(
      MeshProxies.Running outbound,
      MeshProxies.Running inbound,
      ProxyIdentity client,
      ProxyIdentity server)
      throws IOException, InterruptedException {
    List<String> problems = new ArrayList<>();
    MtlsTraffic.outbound(AdminMetrics.scrape(outbound.admin()), server.dnsName())
        .problem("the outbound proxy")
        .ifPresent(problems::add);
    MtlsTraffic.inbound(AdminMetrics.scrape(inbound.admin()), client.dnsName())
        .problem("the inbound proxy")
        .ifPresent(problems::add);
    if (!problems.isEmpty()) {
      throw new IOException(
          "traffic between the proxies was not mTLS: " + String.join("; ", problems));
    }
  }

  /** One HTTP/1.1 request through the pair, which must answer 200 (else: why, from the proxy). */
  private static void firstRequest(DeployContext context, MeshProxies.Running outbound)
      throws IOException {
    String head = HttpProbe.head(outbound.listener(), "/", context.authority());
    if (!head.startsWith("HTTP/1.1 200")) {
      throw new IOException(
          "a first request through the mTLS pair was not answered 200: "
              + (head.isEmpty() ? "no answer" : head.replace("\r\n", "; ")));
    }
  }
}
