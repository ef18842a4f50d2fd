package dev.meshctl.injector;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The webhook's configuration, under {@code mesh.injector} (environment variables {@code
 * MESH_INJECTOR_*}). On Kubernetes the files are the mounted {@code meshctl-config} ConfigMap and
 * {@code meshctl-injector-tls} Secret.
 *
 * @param configFile the injection config ({@code config.yaml} of {@code meshctl-config})
 * @param tls the serving certificate and key (PEM), read by the server through {@code server.ssl}
 * @param namespaceLookupTimeout how long a pod's admission waits for its namespace's annotations
 */
@ConfigurationProperties("mesh.injector")
record InjectorProperties(
    @DefaultValue("/var/run/meshctl/config/config.yaml") Path configFile,
    @DefaultValue Tls tls,
    @DefaultValue("2s") Duration namespaceLookupTimeout) {

  /**
   * @param certFile PEM certificate chain the webhook serves
   * @param keyFile PEM private key of that certificate
   */
  record Tls(
      @DefaultValue("/var/run/meshctl/tls/tls.crt") Path certFile,
      @DefaultValue("/var/run/meshctl/tls/tls.key") Path keyFile) {}
}
