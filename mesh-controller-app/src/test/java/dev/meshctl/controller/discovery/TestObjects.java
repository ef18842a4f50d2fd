package dev.meshctl.controller.discovery;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kubernetes objects as tests need them: a Service, its slice, its pods, profiles, routes. */
public final class TestObjects {

  public static final String NS = "demo";

  private TestObjects() {}

  /** A Service with one port named http, 80 to 8080. */
  public static Service service(String name, String clusterIp) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withClusterIP(clusterIp)
        .addNewPort()
        .withName("http")
        .withPort(80)
        .withTargetPort(new IntOrString(8080))
        .endPort()
        .endSpec()
        .build();
  }

  /** A ready endpoint of a pod. */
  public static Endpoint ready(String ip, String pod) {
    return endpoint(ip, pod, true, true, false);
  }

  public static Endpoint endpoint(
      String ip, String pod, boolean ready, boolean serving, boolean terminating) {
    return new EndpointBuilder()
        .withAddresses(ip)
        .withNewConditions()
        .withReady(ready)
        .withServing(serving)
        .withTerminating(terminating)
        .endConditions()
        .withNewTargetRef()
        .withKind("Pod")
        .withName(pod)
        .withNamespace(NS)
        .endTargetRef()
        .build();
  }

  /** The slice of a Service, port http at 8080. */
  public static EndpointSlice slice(String service, Endpoint... endpoints) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(service + "-abcde")
        .withNamespace(NS)
        .addToLabels(KubernetesObjects.SERVICE_NAME_LABEL, service)
        .endMetadata()
        .withAddressType("IPv4")
        .withEndpoints(Arrays.asList(endpoints))
        .addNewPort()
        .withName("http")
        .withPort(8080)
        .withProtocol("TCP")
        .endPort()
        .build();
  }

  /** A pod of Deployment {@code deployment}, meshed or not. */
  public static Pod pod(String name, String ip, String serviceAccount, boolean meshed) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .addToLabels("pod-template-hash", "5d4f8")
            .addNewOwnerReference()
            .withApiVersion("apps/v1")
            .withKind("ReplicaSet")
            .withName("web-5d4f8")
            .withController(true)
            .withUid("uid-1")
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withServiceAccountName(serviceAccount)
            .addNewContainer()
            .withName("app")
            .withImage("app")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPodIP(ip)
            .endStatus();
    if (meshed) {
      pod.editSpec()
          .addNewContainer()
          .withName(KubernetesObjects.PROXY_CONTAINER)
          .withImage("mesh-proxy")
          .endContainer()
          .endSpec();
    }
    return pod.build();
  }

  /** A ServiceProfile for a Service of {@link #NS}. */
  public static GenericKubernetesResource serviceProfile(String service, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("meshctl.dev/v1alpha2")
        .withKind("ServiceProfile")
        .withNewMetadata()
        .withName(service + "." + NS + ".svc.cluster.local")
        .withNamespace(NS)
        .endMetadata()
        .withAdditionalProperties(new LinkedHashMap<>(Map.of("spec", spec)))
        .build();
  }

  /** An HTTPRoute on Service {@code parent} splitting between two backends. */
  public static HTTPRoute split(
      String parent, String first, int firstWeight, String second, int secondWeight) {
    return new HTTPRouteBuilder()
        .withNewMetadata()
        .withName(parent + "-split")
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .addNewParentRef()
        .withGroup("core")
        .withKind("Service")
        .withName(parent)
        .withPort(80)
        .endParentRef()
        .addNewRule()
        .addNewBackendRef()
        .withName(first)
        .withPort(80)
        .withWeight(firstWeight)
        .endBackendRef()
        .addNewBackendRef()
        .withName(second)
        .withPort(80)
        .withWeight(secondWeight)
        .endBackendRef()
        .endRule()
        .endSpec()
        .build();
  }

  /** A route spec map as YAML would give it. */
  public static Map<String, Object> route(String name, String method, String pathRegex) {
    Map<String, Object> route = new LinkedHashMap<>();
    route.put("name", name);
    route.put("condition", Map.of("method", method, "pathRegex", pathRegex));
    return route;
  }

  public static Map<String, Object> spec(List<Map<String, Object>> routes) {
    return new LinkedHashMap<>(Map.of("routes", routes));
  }
}
