package dev.meshctl.controller.tap;

import dev.meshctl.api.IdentityName;
import dev.meshctl.api.MeshPorts;
import dev.meshctl.api.tap.ObserveRequest;
import dev.meshctl.api.tap.ObserveRequest.Match;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.MeshSettings;
import dev.meshctl.controller.discovery.PodRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a {@link TapQuery} into a {@link TapPlan} from the discovery model: the meshed pods of the
 * resource (each with its tap address and identity), and the filters as the proxies' {@code Match}.
 * Spring-free; reads the model afresh on each call.
 *
 * <p>A workload type selects the pods it owns (a Deployment's through its ReplicaSet); {@code pod}
 * selects pods by name; {@code namespace} every pod of it; {@code authority/A} every pod of the
 * namespace, tapping the requests to authority {@code A}.
 */
final class TapPlanner {

  private final DiscoveryModel model;
  private final MeshSettings settings;

  TapPlanner(DiscoveryModel model, MeshSettings settings) {
    this.model = model;
    this.settings = settings;
  }

  /**
   * @throws TapRequestException 404 when the resource or {@code to} matches nothing, 400 when it
   *     has no meshed pod to tap or to identify
   */
  TapPlan plan(TapQuery query) {
    List<PodRecord> pods = pods(query.resource(), query.namespace());
    List<TapTarget> targets = new ArrayList<>();
    for (PodRecord pod : pods) {
      if (pod.meshed() && pod.ip().isPresent()) {
        targets.add(
            new TapTarget(
                pod.key().namespace(),
                pod.key().name(),
                pod.ip().get(),
                pod.tapPort().orElse(MeshPorts.PROXY_TAP),
                identity(pod)));
      }
    }
    if (targets.isEmpty()) {
      throw TapRequestException.badRequest(
          describe(query.resource(), query.namespace())
              + " has no meshed pod with an IP to tap (only pods running the mesh proxy can be"
              + " tapped)");
    }
    List<Match> matches = new ArrayList<>();
    query.method().ifPresent(m -> matches.add(Match.newBuilder().setMethod(m).build()));
    query.pathPrefix().ifPresent(p -> matches.add(Match.newBuilder().setPathPrefix(p).build()));
    query.authority().ifPresent(a -> matches.add(Match.newBuilder().setAuthority(a).build()));
    if (query.resource().type() == ResourceType.AUTHORITY) {
      query
          .resource()
          .name()
          .ifPresent(a -> matches.add(Match.newBuilder().setAuthority(a).build()));
    }
    Set<String> destinationIdentities = Set.of();
    if (query.to().isPresent()) {
      ResourceRef to = query.to().get();
      if (to.type() == ResourceType.AUTHORITY) {
        String authority =
            to.name()
                .orElseThrow(
                    () ->
                        TapRequestException.badRequest(
                            "to: authority needs a name (authority/books.demo.svc.cluster.local:80)"));
        matches.add(Match.newBuilder().setAuthority(authority).build());
      } else {
        destinationIdentities = destinationIdentities(to, query.namespace());
        Match.Seq.Builder any = Match.Seq.newBuilder();
        destinationIdentities.forEach(
            id -> any.addMatches(Match.newBuilder().setIdentity(id).build()));
        matches.add(Match.newBuilder().setAny(any).build());
      }
    }
    ObserveRequest.Builder request = ObserveRequest.newBuilder().setLimit(query.limit());
    if (matches.size() == 1) {
      request.setMatch(matches.get(0));
    } else if (!matches.isEmpty()) {
      request.setMatch(Match.newBuilder().setAll(Match.Seq.newBuilder().addAllMatches(matches)));
    }
    return new TapPlan(
        targets, request.build(), destinationIdentities, query.maxRps(), query.limit());
  }

  private Set<String> destinationIdentities(ResourceRef to, String namespace) {
    Set<String> identities = new TreeSet<>();
    for (PodRecord pod : pods(to, namespace)) {
      if (pod.meshed()) {
        identities.add(identity(pod));
      }
    }
    if (identities.isEmpty()) {
      throw TapRequestException.badRequest(
          "to: "
              + describe(to, namespace)
              + " has no meshed pod, so there is no identity to match its traffic by");
    }
    return identities;
  }

  /** The pods of a resource, by name; never empty. */
  private List<PodRecord> pods(ResourceRef resource, String namespace) {
    Optional<String> name = resource.name();
    List<PodRecord> pods =
        model.pods().stream()
            .filter(p -> p.key().namespace().equals(namespace))
            .filter(
                p ->
                    switch (resource.type()) {
                      case NAMESPACE, AUTHORITY -> true;
                      case POD -> name.isEmpty() || name.get().equals(p.key().name());
                      default ->
                          p.workload()
                              .filter(w -> w.kind().equals(resource.type().kind()))
                              .filter(w -> name.isEmpty() || name.get().equals(w.name()))
                              .isPresent();
                    })
            .sorted(Comparator.comparing(PodRecord::key))
            .toList();
    if (pods.isEmpty()) {
      throw TapRequestException.notFound(
          switch (resource.type()) {
            case NAMESPACE, AUTHORITY -> "namespace \"" + namespace + "\" has no pods";
            default ->
                name.isPresent()
                    ? resource.type().kind()
                        + " \""
                        + name.get()
                        + "\" not found in namespace \""
                        + namespace
                        + "\""
                    : "no " + resource.type().kind() + " in namespace \"" + namespace + "\"";
          });
    }
    return pods;
  }

  private String identity(PodRecord pod) {
    return new IdentityName(
            pod.serviceAccount(),
            pod.key().namespace(),
            settings.controlPlaneNamespace(),
            settings.trustDomain())
        .dnsName();
  }

  private static String describe(ResourceRef resource, String namespace) {
    return resource.type() == ResourceType.NAMESPACE
        ? "namespace \"" + namespace + "\""
        : resource + " in namespace \"" + namespace + "\"";
  }
}
