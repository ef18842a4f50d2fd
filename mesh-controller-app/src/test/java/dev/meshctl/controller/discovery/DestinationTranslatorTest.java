package dev.meshctl.controller.discovery;

import static dev.meshctl.controller.discovery.TestObjects.endpoint;
import static dev.meshctl.controller.discovery.TestObjects.pod;
import static dev.meshctl.controller.discovery.TestObjects.ready;
import static dev.meshctl.controller.discovery.TestObjects.route;
import static dev.meshctl.controller.discovery.TestObjects.service;
import static dev.meshctl.controller.discovery.TestObjects.serviceProfile;
import static dev.meshctl.controller.discovery.TestObjects.slice;
import static dev.meshctl.controller.discovery.TestObjects.spec;
import static dev.meshctl.controller.discovery.TestObjects.split;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.ProtocolHint;
import dev.meshctl.api.destination.Route;
import dev.meshctl.api.destination.WeightedAddr;
import dev.meshctl.api.destination.WeightedDst;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DestinationTranslatorTest {

  private final DiscoveryModel model = new DiscoveryModel();
  private final DestinationTranslator translator =
      new DestinationTranslator(
          model, new MeshSettings("cluster.local", "meshctl-system", "example.org"));

  @BeforeEach
  void webWithTwoPods() {
    add(service("web", "10.96.0.10"));
    add(pod("web-1", "10.0.0.1", "web-sa", true));
    add(pod("web-2", "10.0.0.2", "web-sa", false));
    add(slice("web", ready("10.0.0.1", "web-1"), ready("10.0.0.2", "web-2")));
  }

  @Test
  void everyKubernetesSpellingOfAService_resolvesToIt() {
    for (String authority :
        List.of(
            "web.demo.svc.cluster.local:80",
            "web.demo.svc.cluster.local.:80",
            "web.demo.svc:80",
            "web.demo:80",
            "WEB.demo:80",
            "10.96.0.10:80")) {
      assertThat(translator.resolve(Authority.parse(authority)))
          .as(authority)
          .isEqualTo(new Target.ServiceTarget(new ObjectKey("demo", "web"), 80));
    }
  }

  @Test
  void serviceEndpoints_areItsReadyEndpointsAtTheTargetPort() {
    EndpointSet set = translator.endpoints(Authority.parse("web.demo.svc.cluster.local:80"));

    assertThat(set.exists()).isTrue();
    assertThat(set.labels()).containsEntry("namespace", "demo").containsEntry("service", "web");
    assertThat(set.endpoints().keySet())
        .containsExactlyInAnyOrder(
            DestinationTranslator.tcpAddress("10.0.0.1", 8080),
            DestinationTranslator.tcpAddress("10.0.0.2", 8080));
  }

  @Test
  void meshedPod_hasItsIdentityAndTheH2Hint() {
    WeightedAddr meshed = endpointOf("10.0.0.1");

    assertThat(meshed.getTlsIdentity().getDnsLikeIdentity())
        .isEqualTo("web-sa.demo.serviceaccount.identity.meshctl-system.example.org");
    assertThat(meshed.getTlsIdentity().getUriIdentity())
        .isEqualTo("spiffe://example.org/ns/demo/sa/web-sa");
    assertThat(meshed.getProtocolHint().hasH2()).isTrue();
    assertThat(meshed.getWeight()).isEqualTo(DestinationDefaults.ENDPOINT_WEIGHT);
    assertThat(meshed.getMetricLabelsMap())
        .containsEntry("pod", "web-1")
        .containsEntry("serviceaccount", "web-sa")
        .containsEntry("deployment", "web");
  }

  @Test
  void unmeshedPod_hasNoIdentityAndNoHint() {
    WeightedAddr plain = endpointOf("10.0.0.2");

    assertThat(plain.hasTlsIdentity()).isFalse();
    assertThat(plain.hasProtocolHint()).isFalse();
    assertThat(plain.getMetricLabelsMap()).containsEntry("pod", "web-2");
  }

  @Test
  void opaquePortAnnotation_givesTheOpaqueHint() {
    var service = service("web", "10.96.0.10");
    service.getMetadata().setAnnotations(Map.of("config.meshctl.dev/opaque-ports", "80"));
    add(service);

    assertThat(endpointOf("10.0.0.1").getProtocolHint())
        .isEqualTo(
            ProtocolHint.newBuilder().setOpaque(ProtocolHint.Opaque.getDefaultInstance()).build());
    assertThat(translator.profile(Authority.parse("web.demo:80")).getOpaqueProtocol()).isTrue();
  }

  @Test
  void notReadyEndpoints_areLeftOut() {
    add(
        slice(
            "web", ready("10.0.0.1", "web-1"), endpoint("10.0.0.2", "web-2", false, false, false)));

    assertThat(addresses("web.demo:80")).containsExactly("10.0.0.1");
  }

  @Test
  void servingTerminatingEndpoints_areLeftOutWhileAnyIsReady() {
    add(slice("web", ready("10.0.0.1", "web-1"), endpoint("10.0.0.2", "web-2", false, true, true)));

    assertThat(addresses("web.demo:80")).containsExactly("10.0.0.1");
  }

  @Test
  void servingTerminatingEndpoints_areUsedWhenNoneIsReady() {
    add(
        slice(
            "web",
            endpoint("10.0.0.1", "web-1", false, false, true),
            endpoint("10.0.0.2", "web-2", false, true, true)));

    assertThat(addresses("web.demo:80")).containsExactly("10.0.0.2");
  }

  @Test
  void serviceWithoutEndpoints_existsEmpty() {
    add(slice("web"));

    EndpointSet set = translator.endpoints(Authority.parse("web.demo:80"));
    assertThat(set.exists()).isTrue();
    assertThat(set.endpoints()).isEmpty();
  }

  @Test
  void unknownServiceOrNameOrIp_doesNotExist() {
    for (String authority :
        List.of(
            "nope.demo:80", "example.com.au:443", "web.demo.svc.other.domain:80", "10.9.9.9:80")) {
      assertThat(translator.endpoints(Authority.parse(authority)).exists()).as(authority).isFalse();
    }
  }

  @Test
  void podIp_isThatPodAlone() {
    EndpointSet set = translator.endpoints(Authority.parse("10.0.0.1:9000"));

    assertThat(set.exists()).isTrue();
    assertThat(set.endpoints().keySet())
        .containsExactly(DestinationTranslator.tcpAddress("10.0.0.1", 9000));
    assertThat(set.endpoints().values().iterator().next().hasTlsIdentity()).isTrue();
  }

  @Test
  void profile_carriesTheServiceProfilesRoutesAndBudget() {
    Map<String, Object> books = route("books", "GET", "/books(/.*)?");
    books.put("isRetryable", true);
    books.put("timeout", "1.5s");
    books.put("retryNonIdempotent", true);
    books.put("retryGrpcStatuses", List.of("UNAVAILABLE", 4));
    Map<String, Object> spec = spec(List.of(books));
    spec.put("retryBudget", Map.of("retryRatio", 0.5, "minRetriesPerSecond", 3, "ttl", "20s"));
    add(serviceProfile("web", spec));

    DestinationProfile profile = translator.profile(Authority.parse("10.96.0.10:80"));

    assertThat(profile.getFullyQualifiedName()).isEqualTo("web.demo.svc.cluster.local");
    Route route = profile.getRoutes(0);
    assertThat(route.getName()).isEqualTo("books");
    assertThat(route.getIsRetryable()).isTrue();
    assertThat(route.getRetryNonIdempotent()).isTrue();
    assertThat(route.getRetryGrpcStatusesList()).containsExactly(14, 4);
    assertThat(route.getTimeout())
        .isEqualTo(Duration.newBuilder().setSeconds(1).setNanos(500_000_000).build());
    assertThat(route.getCondition().getAll().getMatchesList()).hasSize(2);
    assertThat(profile.getRetryBudget().getRetryRatio()).isEqualTo(0.5f);
    assertThat(profile.getRetryBudget().getMinRetriesPerSecond()).isEqualTo(3);
    assertThat(profile.getRetryBudget().getTtl().getSeconds()).isEqualTo(20);
  }

  @Test
  void profileWithoutServiceProfile_hasNoRoutesAndTheDefaultBudget() {
    DestinationProfile profile = translator.profile(Authority.parse("web.demo:80"));

    assertThat(profile.getRoutesList()).isEmpty();
    assertThat(profile.getRetryBudget()).isEqualTo(DestinationDefaults.retryBudget());
    assertThat(profile.getDstOverridesList()).isEmpty();
  }

  @Test
  void httpRouteWeights_becomeTheTrafficSplit() {
    add(split("web", "web-v1", 90, "web-v2", 10));

    assertThat(translator.profile(Authority.parse("web.demo:80")).getDstOverridesList())
        .containsExactly(
            WeightedDst.newBuilder()
                .setAuthority("web-v1.demo.svc.cluster.local:80")
                .setWeight(90)
                .build(),
            WeightedDst.newBuilder()
                .setAuthority("web-v2.demo.svc.cluster.local:80")
                .setWeight(10)
                .build());
    assertThat(translator.profile(Authority.parse("web.demo:8080")).getDstOverridesList())
        .as("the route attaches to port 80 only")
        .isEmpty();
  }

  @Test
  void httpRoute_winsOverTheServiceProfilesOverrides() {
    Map<String, Object> spec = spec(List.of());
    spec.put(
        "dstOverrides", List.of(Map.of("authority", "old.demo.svc.cluster.local:80", "weight", 1)));
    add(serviceProfile("web", spec));
    assertThat(translator.profile(Authority.parse("web.demo:80")).getDstOverrides(0).getWeight())
        .isEqualTo(1000);

    add(split("web", "web-v1", 50, "web-v2", 50));
    assertThat(translator.profile(Authority.parse("web.demo:80")).getDstOverridesList())
        .extracting(WeightedDst::getAuthority)
        .containsExactly("web-v1.demo.svc.cluster.local:80", "web-v2.demo.svc.cluster.local:80");
  }

  private WeightedAddr endpointOf(String ip) {
    return translator
        .endpoints(Authority.parse("web.demo:80"))
        .endpoints()
        .get(DestinationTranslator.tcpAddress(ip, 8080));
  }

  private List<String> addresses(String authority) {
    return translator.endpoints(Authority.parse(authority)).endpoints().keySet().stream()
        .map(
            a -> {
              try {
                return java.net.InetAddress.getByAddress(a.getIp().toByteArray()).getHostAddress();
              } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
              }
            })
        .sorted()
        .toList();
  }

  private void add(HasMetadata object) {
    model.upsert(KubernetesObjects.translate(object).orElseThrow());
  }
}
