package dev.meshctl.injector;

import dev.meshctl.injection.InjectionConfig;
import dev.meshctl.injection.InjectionConfigException;
import dev.meshctl.injection.PodInjector;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the Spring-free pieces: the injection config, the injector, the Kubernetes lookups. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InjectorProperties.class)
class InjectorConfiguration {

  private static final Logger log = LoggerFactory.getLogger(InjectorConfiguration.class);

  /** The answer must come well within the webhook's timeout (10 s by default): no long retries. */
  static final int REQUEST_RETRIES = 0;

  static final int REQUEST_TIMEOUT_MILLIS = 5_000;

  @Bean
  InjectionConfig injectionConfig(InjectorProperties properties) {
    return read(properties.configFile());
  }

  static InjectionConfig read(Path file) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InjectionConfigFileException(file, "no such file", e);
    } catch (IOException e) {
      throw new InjectionConfigFileException(file, "cannot be read (" + e + ")", e);
    }
    try {
      return InjectionConfig.parse(yaml);
    } catch (InjectionConfigException e) {
      throw new InjectionConfigFileException(file, e.getMessage(), e);
    }
  }

  @Bean
  PodInjector podInjector(InjectionConfig config) {
    log.info(
        "Injecting proxy {} ({}), control plane in namespace {}",
        config.version(),
        config.proxy().image(),
        config.controlPlaneNamespace());
    return new PodInjector(config);
  }

  /** In a pod: the API server and credentials of its ServiceAccount; elsewhere: kubeconfig. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  KubernetesClient kubernetesClient() {
    Config config = Config.autoConfigure(null);
    config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Bean
  NamespaceAnnotations namespaceAnnotations(
      KubernetesClient client, InjectorProperties properties) {
    return new KubernetesNamespaceAnnotations(client, properties.namespaceLookupTimeout());
  }

  @Bean
  AdmissionRecorder admissionRecorder(MeterRegistry registry) {
    return new MicrometerAdmissionRecorder(registry);
  }

  @Bean
  AdmissionReviewHandler admissionReviewHandler(
      PodInjector injector,
      NamespaceAnnotations namespaces,
      KubernetesClient client,
      AdmissionRecorder recorder) {
    return new AdmissionReviewHandler(
        injector, namespaces, clusterSupportsNativeSidecars(client), recorder);
  }

  /** Read once at start; when the version cannot be read, the classic sidecar works everywhere. */
  static boolean clusterSupportsNativeSidecars(KubernetesClient client) {
    VersionInfo version;
    try {
      version = client.getKubernetesVersion();
    } catch (RuntimeException e) {
      log.warn(
          "Cannot read the Kubernetes version ({}): injecting classic sidecars unless a pod or"
              + " the config asks for native ones",
          e.toString());
      return false;
    }
    Optional<Boolean> supported = ClusterVersion.supportsNativeSidecars(version);
    if (supported.isEmpty()) {
      log.warn(
          "Cannot make sense of the Kubernetes version {}: injecting classic sidecars unless a pod"
              + " or the config asks for native ones",
          ClusterVersion.describe(version));
      return false;
    }
    log.info(
        "Kubernetes {}: native sidecars {}",
        ClusterVersion.describe(version),
        supported.get() ? "supported" : "not supported (before 1.29), injecting classic sidecars");
    return supported.get();
  }
}
