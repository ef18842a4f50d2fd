package dev.meshctl.bench.sut;

import dev.meshctl.bench.load.Protocol;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One way of putting something between the client and the backend, deployed on loopback: the direct
 * baseline, the mesh (a pair of proxies, or the outbound proxy alone), nginx, HAProxy.
 */
public interface Configuration {

  /** Short name used in JSON, file names and {@code --only}. */
  String id();

  /** Name used in tables. */
  String title();

  /** The path a request takes, e.g. {@code client -> nginx -> nginx -> backend}. */
  String path();

  /** Why this configuration is not run at all, if it is not. */
  default Optional<String> notRun(PeerTools peers) {
    return Optional.empty();
  }

  /** Why {@code protocol} is not run through this configuration, if it is not. */
  default Optional<String> notRun(Protocol protocol) {
    return Optional.empty();
  }

  /** Starts the configuration's processes and waits until they accept traffic. */
  Deployment deploy(DeployContext context) throws IOException, InterruptedException;

  /**
   * The direct configuration under another name, for the load generator's warm-up pass, whose
   * results are discarded.
   */
  static Configuration directRehearsal() {
    return new DirectConfiguration("direct-rehearsal");
  }

  /** Every configuration, in the order of the tables. */
  static List<Configuration> all() {
    return List.of(
        new DirectConfiguration("direct"),
        MeshConfiguration.outboundOnly(),
        NginxConfiguration.oneHop(),
        MeshConfiguration.pair(),
        new MeshMtlsConfiguration(),
        NginxConfiguration.twoHops(),
        HaproxyConfiguration.twoHops());
  }
}
