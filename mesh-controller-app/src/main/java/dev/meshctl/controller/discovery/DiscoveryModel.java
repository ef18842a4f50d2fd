package dev.meshctl.controller.discovery;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The objects discovery knows, fed by one source (informers or the local registry) and read by the
 * translators. Writes are serialised; reads are lock-free on concurrent maps, so a reader may see a
 * write half applied, but every write is followed by a {@link Listener#changed} call after which a
 * reader sees it whole: readers that recompute on each call converge.
 */
public final class DiscoveryModel {

  /** Told of every change, after it is applied, on the writer's thread. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param namespace the namespace of the object that changed
     */
    void changed(String namespace);
  }

  private final Map<ObjectKey, ServiceRecord> services = new ConcurrentHashMap<>();
  private final Map<String, ObjectKey> servicesByClusterIp = new ConcurrentHashMap<>();
  private final Map<ObjectKey, EndpointSliceRecord> slices = new ConcurrentHashMap<>();
  private final Map<ObjectKey, Set<ObjectKey>> slicesByService = new ConcurrentHashMap<>();
  private final Map<ObjectKey, PodRecord> pods = new ConcurrentHashMap<>();
  private final Map<String, ObjectKey> podsByIp = new ConcurrentHashMap<>();
  private final Map<ObjectKey, ServiceProfileRecord> profiles = new ConcurrentHashMap<>();
  private final Map<ObjectKey, HttpRouteRecord> routes = new ConcurrentHashMap<>();
  private final Map<ObjectKey, Set<ObjectKey>> routesByParent = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /** Adds an object, or replaces the one of its kind and key. */
  public void upsert(DiscoveryObject object) {
    synchronized (this) {
      removeQuietly(object.kind(), object.key());
      if (object instanceof ServiceRecord service) {
        services.put(service.key(), service);
        service
            .clusterIp()
            .ifPresent(
                ip ->
                    servicesByClusterIp.put(DestinationTranslator.normalizeIp(ip), service.key()));
      } else if (object instanceof EndpointSliceRecord slice) {
        slices.put(slice.key(), slice);
        slicesByService
            .computeIfAbsent(slice.service(), k -> ConcurrentHashMap.newKeySet())
            .add(slice.key());
      } else if (object instanceof PodRecord pod) {
        pods.put(pod.key(), pod);
        pod.ip().ifPresent(ip -> podsByIp.put(DestinationTranslator.normalizeIp(ip), pod.key()));
      } else if (object instanceof ServiceProfileRecord profile) {
        profiles.put(profile.key(), profile);
      } else if (object instanceof HttpRouteRecord route) {
        routes.put(route.key(), route);
        for (HttpRouteRecord.ParentRef parent : route.parents()) {
          routesByParent
              .computeIfAbsent(parent.service(), k -> ConcurrentHashMap.newKeySet())
              .add(route.key());
        }
      }
    }
    notifyListeners(object.key().namespace());
  }

  /** Removes the object of that kind and key, if there is one. */
  public void remove(DiscoveryObject.Kind kind, ObjectKey key) {
    boolean removed;
    synchronized (this) {
      removed = removeQuietly(kind, key);
    }
    if (removed) {
      notifyListeners(key.namespace());
    }
  }

  private boolean removeQuietly(DiscoveryObject.Kind kind, ObjectKey key) {
    switch (kind) {
      case SERVICE -> {
        ServiceRecord old = services.remove(key);
        if (old != null) {
          old.clusterIp()
              .ifPresent(
                  ip -> servicesByClusterIp.remove(DestinationTranslator.normalizeIp(ip), key));
        }
        return old != null;
      }
      case ENDPOINT_SLICE -> {
        EndpointSliceRecord old = slices.remove(key);
        if (old != null) {
          removeFromIndex(slicesByService, old.service(), key);
        }
        return old != null;
      }
      case POD -> {
        PodRecord old = pods.remove(key);
        if (old != null) {
          old.ip().ifPresent(ip -> podsByIp.remove(DestinationTranslator.normalizeIp(ip), key));
        }
        return old != null;
      }
      case SERVICE_PROFILE -> {
        return profiles.remove(key) != null;
      }
      case HTTP_ROUTE -> {
        HttpRouteRecord old = routes.remove(key);
        if (old != null) {
          old.parents().forEach(parent -> removeFromIndex(routesByParent, parent.service(), key));
        }
        return old != null;
      }
    }
    throw new IllegalArgumentException("unknown kind " + kind);
  }

  private static void removeFromIndex(
      Map<ObjectKey, Set<ObjectKey>> index, ObjectKey owner, ObjectKey key) {
    Set<ObjectKey> keys = index.get(owner);
    if (keys != null) {
      keys.remove(key);
      if (keys.isEmpty()) {
        index.remove(owner);
      }
    }
  }

  private void notifyListeners(String namespace) {
    for (Listener listener : listeners) {
      listener.changed(namespace);
    }
  }

  public Optional<ServiceRecord> service(ObjectKey key) {
    return Optional.ofNullable(services.get(key));
  }

  public Optional<ServiceRecord> serviceByClusterIp(String ip) {
    ObjectKey key = servicesByClusterIp.get(ip);
    return key == null ? Optional.empty() : service(key);
  }

  public Collection<ServiceRecord> services() {
    return services.values();
  }

  /** The EndpointSlices of a Service. */
  public List<EndpointSliceRecord> endpointSlices(ObjectKey service) {
    Set<ObjectKey> keys = slicesByService.get(service);
    if (keys == null) {
      return List.of();
    }
    return keys.stream()
        .map(slices::get)
        .filter(s -> s != null)
        .sorted((a, b) -> a.key().compareTo(b.key()))
        .toList();
  }

  public Optional<PodRecord> pod(ObjectKey key) {
    return Optional.ofNullable(pods.get(key));
  }

  public Optional<PodRecord> podByIp(String ip) {
    ObjectKey key = podsByIp.get(ip);
    return key == null ? Optional.empty() : pod(key);
  }

  public Collection<PodRecord> pods() {
    return pods.values();
  }

  public Optional<ServiceProfileRecord> serviceProfile(ObjectKey key) {
    return Optional.ofNullable(profiles.get(key));
  }

  /** The HTTPRoutes whose parentRefs name a Service, in name order. */
  public List<HttpRouteRecord> httpRoutes(ObjectKey service) {
    Set<ObjectKey> keys = routesByParent.get(service);
    if (keys == null) {
      return List.of();
    }
    return keys.stream()
        .map(routes::get)
        .filter(r -> r != null)
        .sorted((a, b) -> a.key().compareTo(b.key()))
        .toList();
  }
}
