package dev.meshctl.identity;

import dev.meshctl.identity.ca.CaFileException;
import dev.meshctl.identity.ca.PemFiles;
import dev.meshctl.identity.certify.TokenAuthenticator;
import dev.meshctl.identity.token.BootstrapTokenAuthenticator;
import dev.meshctl.identity.token.TokenReviewAuthenticator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link TokenAuthenticator} of the configured {@code mesh.identity.token-mode}. */
@Configuration(proxyBeanMethods = false)
class TokenModeConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "mesh.identity.token-mode", havingValue = "local")
  static class Local {

    @Bean
    TokenAuthenticator bootstrapTokenAuthenticator(IdentityProperties properties, Clock clock)
        throws CaFileException {
      return new BootstrapTokenAuthenticator(
          PemFiles.readPublicKey("token verification key", properties.tokenVerificationKeyFile()),
          clock);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "mesh.identity.token-mode", havingValue = "kubernetes")
  static class Kubernetes {

    static final int REQUEST_RETRIES = 2;

    /**
     * In a pod: the API server and credentials of its ServiceAccount; elsewhere: kubeconfig. A
     * failing review is retried only briefly (fabric8 retries up to ten times by default, about 20
     * s): the proxy asking for a certificate retries on its own.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient() {
      Config config = Config.autoConfigure(null);
      config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
      return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Bean
    TokenAuthenticator tokenReviewAuthenticator(
        KubernetesClient client, IdentityProperties properties) {
      return new TokenReviewAuthenticator(client, properties.tokenAudience());
    }
  }
}
