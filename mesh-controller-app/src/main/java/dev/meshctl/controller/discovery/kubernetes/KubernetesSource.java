package dev.meshctl.controller.discovery.kubernetes;

import dev.meshctl.api.MeshAnnotations;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.DiscoveryObject;
import dev.meshctl.controller.discovery.KubernetesObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes discovery source: informers on Services, EndpointSlices, Pods, ServiceProfiles and
 * (when enabled) HTTPRoutes, in every namespace, each event translated by {@link KubernetesObjects}
 * into the {@link DiscoveryModel}. A malformed object logs one warning naming it and the problem
 * and keeps its previous translation, so that a bad edit does not disturb its Service's traffic.
 * Each applied event is measured by {@link InformerLag}.
 */
public final class KubernetesSource implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KubernetesSource.class);

  /** The ServiceProfile CRD's coordinates. */
  public static final ResourceDefinitionContext SERVICE_PROFILES =
      new ResourceDefinitionContext.Builder()
          .withGroup(MeshAnnotations.CRD_GROUP)
          .withVersion("v1alpha2")
          .withKind(KubernetesObjects.SERVICE_PROFILE_KIND)
          .withPlural("serviceprofiles")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final DiscoveryModel model;
  private final boolean httpRoutes;
  private final InformerLag lag;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  /** The resourceVersion of each object last rejected, so that it is reported once. */
  private final Map<String, String> rejected = new ConcurrentHashMap<>();

  /**
   * @param httpRoutes whether to watch Gateway API HTTPRoutes (their CRD must be installed)
   */
  public KubernetesSource(KubernetesClient client, DiscoveryModel model, boolean httpRoutes) {
    this(client, model, httpRoutes, InformerLag.none());
  }

  /**
   * @param httpRoutes whether to watch Gateway API HTTPRoutes (their CRD must be installed)
   * @param lag measures each applied event
   */
  public KubernetesSource(
      KubernetesClient client, DiscoveryModel model, boolean httpRoutes, InformerLag lag) {
    this.client = client;
    this.model = model;
    this.httpRoutes = httpRoutes;
    this.lag = lag;
  }

  /** Starts the informers; {@link #synced()} tells when their first lists are in the model. */
  public synchronized void start() {
    informers.add(
        client.services().inAnyNamespace().inform(handler(DiscoveryObject.Kind.SERVICE), 0));
    informers.add(
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inAnyNamespace()
            .inform(handler(DiscoveryObject.Kind.ENDPOINT_SLICE), 0));
    informers.add(client.pods().inAnyNamespace().inform(handler(DiscoveryObject.Kind.POD), 0));
    informers.add(
        client
            .genericKubernetesResources(SERVICE_PROFILES)
            .inAnyNamespace()
            .inform(handler(DiscoveryObject.Kind.SERVICE_PROFILE), 0));
    if (httpRoutes) {
      informers.add(
          client
              .resources(HTTPRoute.class)
              .inAnyNamespace()
              .inform(handler(DiscoveryObject.Kind.HTTP_ROUTE), 0));
    }
    log.info("Kubernetes discovery: {} informers started", informers.size());
  }

  /** Whether every informer has listed its objects once. */
  public boolean synced() {
    List<SharedIndexInformer<?>> started;
    synchronized (this) {
      started = List.copyOf(informers);
    }
    return !started.isEmpty() && started.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  @Override
  public synchronized void close() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(DiscoveryObject.Kind kind) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        if (upsert(object)) {
          lag.added(kind, object);
        }
      }

      @Override
      public void onUpdate(T previous, T object) {
        if (upsert(object)) {
          lag.updated(kind, previous, object);
        }
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        rejected.remove(id(object));
        model.remove(kind, KubernetesObjects.key(object));
        lag.deleted(kind, object, finalStateUnknown);
      }
    };
  }

  /** Translates the object into the model; false when it was rejected. */
  private boolean upsert(HasMetadata object) {
    Optional<DiscoveryObject> translated;
    try {
      translated = KubernetesObjects.translate(object);
    } catch (IllegalArgumentException e) {
      String version = String.valueOf(object.getMetadata().getResourceVersion());
      if (!version.equals(rejected.put(id(object), version))) {
        log.warn("{} rejected, keeping its previous state: {}", id(object), e.getMessage());
      }
      return false;
    }
    rejected.remove(id(object));
    translated.ifPresent(model::upsert);
    return true;
  }

  private static String id(HasMetadata object) {
    return object.getKind() + " " + KubernetesObjects.key(object);
  }
}
