package dev.meshctl.proxy.testing;

import dev.meshctl.proxy.Proxy;
import dev.meshctl.proxy.config.EnvironmentConfig;
import dev.meshctl.proxy.config.ProxyConfig;
import dev.meshctl.proxy.discovery.DestinationSource;
import dev.meshctl.proxy.identity.IdentitySource;
import dev.meshctl.proxy.metrics.MetricsExporter;
import dev.meshctl.proxy.metrics.PrometheusProxyMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A proxy started in-process on free loopback ports, for tests. Extra {@code MESH_PROXY_*}
 * variables override the test defaults.
 */
public final class ProxyFixture implements AutoCloseable {

  public final ProxyConfig config;
  public final Proxy proxy;
  public final PrometheusRegistry registry = new PrometheusRegistry();
  private final MetricsExporter exporter = new MetricsExporter(registry);

  private ProxyFixture(
      ProxyConfig config, DestinationSource destinations, Optional<IdentitySource> identity)
      throws InterruptedException {
    this.config = config;
    this.proxy = Proxy.start(config, destinations, new PrometheusProxyMetrics(registry), identity);
  }

  public static ProxyFixture start(DestinationSource destinations, Map<String, String> env)
      throws InterruptedException {
    return start(destinations, env, Optional.empty());
  }

  /** A proxy with the mesh's mTLS, its certificate from {@code identity}. */
  public static ProxyFixture start(
      DestinationSource destinations, Map<String, String> env, Optional<IdentitySource> identity)
      throws InterruptedException {
    Map<String, String> all = new HashMap<>();
    all.put("MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:0");
    all.put("MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:0");
    all.put("MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:0");
    all.put("MESH_PROXY_SHUTDOWN_GRACE_PERIOD", "5s");
    all.putAll(env);
    return new ProxyFixture(EnvironmentConfig.parse(all), destinations, identity);
  }

  public static ProxyFixture start(DestinationSource destinations) throws InterruptedException {
    return start(destinations, Map.of());
  }

  public InetSocketAddress outbound() {
    return proxy.outboundAddress();
  }

  public InetSocketAddress inbound() {
    return proxy.inboundAddress();
  }

  /**
   * The Prometheus text the admin server would serve now, with the empty {@code client_id} and
   * {@code server_id} labels left out (Prometheus treats an empty label as no label), so that
   * samples of plaintext traffic read as Linkerd's do.
   */
  public String scrape() {
    return withoutEmptyIdentities(exporter.scrape());
  }

  /** Prometheus text without empty {@code client_id} and {@code server_id} labels. */
  public static String withoutEmptyIdentities(String text) {
    return text.replace("client_id=\"\",", "")
        .replace(",client_id=\"\"", "")
        .replace("server_id=\"\",", "")
        .replace(",server_id=\"\"", "");
  }

  /**
   * The value of one sample in the scrape, e.g. {@code
   * request_total{authority="a:80",direction="outbound",target_addr="127.0.0.1:1",tls="no_identity"}};
   * 0 when absent. Labels must be written in the exposition's (alphabetical) order.
   */
  public double sample(String nameAndLabels) {
    for (String line : scrape().split("\n")) {
      if (line.startsWith(nameAndLabels + " ")) {
        return Double.parseDouble(line.substring(nameAndLabels.length() + 1).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() {
    proxy.close();
  }
}
