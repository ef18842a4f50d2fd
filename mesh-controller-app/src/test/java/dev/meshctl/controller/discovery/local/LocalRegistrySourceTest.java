package dev.meshctl.controller.discovery.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.controller.discovery.Authority;
import dev.meshctl.controller.discovery.DestinationTranslator;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.MeshSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRegistrySourceTest {

  static final String WEB =
      """
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: demo}
      spec:
        clusterIP: 10.96.0.10
        ports: [{name: http, port: 80, targetPort: 8080}]
      ---
      # the pods of web
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: web-1
        namespace: demo
        labels: {kubernetes.io/service-name: web}
      addressType: IPv4
      ports: [{name: http, port: 8080}]
      endpoints:
        - addresses: [127.0.0.1]
          conditions: {ready: true}
          targetRef: {kind: Pod, name: web-1}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web-1, namespace: demo}
      spec:
        serviceAccountName: web
        containers: [{name: app, image: app}, {name: mesh-proxy, image: proxy}]
      status: {podIP: 127.0.0.1}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: ignored, namespace: demo}
      """;

  static final String PROFILE =
      """
      apiVersion: meshctl.dev/v1alpha2
      kind: ServiceProfile
      metadata: {name: web.demo.svc.cluster.local, namespace: demo}
      spec:
        routes:
          - name: books
            condition: {method: GET, pathRegex: "/books(/.*)?"}
            isRetryable: true
            timeout: 300ms
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: web-split, namespace: demo}
      spec:
        parentRefs: [{group: core, kind: Service, name: web, port: 80}]
        rules:
          - backendRefs:
              - {name: web-v1, port: 80, weight: 90}
              - {name: web-v2, port: 80, weight: 10}
      """;

  @TempDir Path registry;

  private final DiscoveryModel model = new DiscoveryModel();
  private final DestinationTranslator translator =
      new DestinationTranslator(
          model, new MeshSettings("cluster.local", "meshctl-system", "cluster.local"));
  private final List<String> changes = new ArrayList<>();
  private LocalRegistrySource source;

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
  }

  @Test
  void manifests_feedTheModel_severalDocumentsPerFile() throws IOException {
    write("web.yaml", WEB);
    write("profile.yml", PROFILE);

    start();

    var endpoints = translator.endpoints(Authority.parse("web.demo:80"));
    assertThat(endpoints.endpoints()).hasSize(1);
    assertThat(
            endpoints.endpoints().values().iterator().next().getTlsIdentity().getDnsLikeIdentity())
        .isEqualTo("web.demo.serviceaccount.identity.meshctl-system.cluster.local");
    var profile = translator.profile(Authority.parse("web.demo:80"));
    assertThat(profile.getRoutes(0).getName()).isEqualTo("books");
    assertThat(profile.getDstOverridesList())
        .extracting(d -> d.getWeight())
        .containsExactly(90, 10);
  }

  @Test
  void changedFile_isAppliedWhole_objectsGoneAreRemoved() throws IOException {
    write("web.yaml", WEB);
    start();

    write("web.yaml", WEB.substring(0, WEB.indexOf("---")));
    source.scan();

    var endpoints = translator.endpoints(Authority.parse("web.demo:80"));
    assertThat(endpoints.exists()).isTrue();
    assertThat(endpoints.endpoints()).isEmpty();
  }

  @Test
  void unchangedFile_changesNothing() throws IOException {
    write("web.yaml", WEB);
    start();
    int before = changes.size();

    source.scan();

    assertThat(changes).hasSize(before);
  }

  @Test
  void badFile_keepsItsPreviousState_otherFilesStillApply() throws IOException {
    write("web.yaml", WEB);
    write("profile.yaml", PROFILE);
    start();

    write("profile.yaml", PROFILE.replace("/books(/.*)?", "/books("));
    write("web.yaml", WEB.replace("127.0.0.1]", "127.0.0.2]"));
    source.scan();

    assertThat(
            translator
                .profile(Authority.parse("web.demo:80"))
                .getRoutes(0)
                .getCondition()
                .getAll()
                .getMatches(0)
                .getPath()
                .getRegex())
        .isEqualTo("/books(/.*)?");
    assertThat(translator.endpoints(Authority.parse("web.demo:80")).endpoints().keySet())
        .containsExactly(DestinationTranslator.tcpAddress("127.0.0.2", 8080));
  }

  @Test
  void notYaml_isRejectedWithTheFileKeptOut() throws IOException {
    write("web.yaml", "kind: [unclosed");
    start();

    assertThat(source.synced()).isTrue();
    assertThat(model.services()).isEmpty();
  }

  @Test
  void deletedFile_removesItsObjects() throws IOException {
    write("web.yaml", WEB);
    start();

    Files.delete(registry.resolve("web.yaml"));
    source.scan();

    assertThat(translator.endpoints(Authority.parse("web.demo:80")).exists()).isFalse();
  }

  @Test
  void polling_picksUpAFileWrittenLater() throws Exception {
    source = new LocalRegistrySource(registry, Duration.ofMillis(50), model);
    source.start();

    write("web.yaml", WEB);

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (model.services().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(model.services()).hasSize(1);
  }

  private void start() {
    model.addListener(changes::add);
    source = new LocalRegistrySource(registry, Duration.ofHours(1), model);
    source.start();
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(registry.resolve(name), content);
  }
}
