package dev.meshctl.controller.discovery;

/**
 * One object of the discovery model, already translated from its Kubernetes form by {@link
 * KubernetesObjects}: what both sources (informers and the local registry) feed into {@link
 * DiscoveryModel}.
 */
public sealed interface DiscoveryObject
    permits ServiceRecord, EndpointSliceRecord, PodRecord, ServiceProfileRecord, HttpRouteRecord {

  /** The kinds of objects the model keeps. */
  enum Kind {
    SERVICE,
    ENDPOINT_SLICE,
    POD,
    SERVICE_PROFILE,
    HTTP_ROUTE
  }

  Kind kind();

  ObjectKey key();
}
