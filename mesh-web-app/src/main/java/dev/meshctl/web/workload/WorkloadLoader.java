package dev.meshctl.web.workload;

import dev.meshctl.web.api.ControllerApi;
import dev.meshctl.web.api.ControllerErrorException;
import dev.meshctl.web.api.EdgeRow;
import dev.meshctl.web.api.MetricsAnswer;
import dev.meshctl.web.api.RouteRow;
import dev.meshctl.web.api.StatRow;
import dev.meshctl.web.api.Workload;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Gathers one workload's page: the workload and its pods, its stat, routes and edges, asked at
 * once. Edges whose source is the workload are outbound, those whose destination is it inbound.
 */
public final class WorkloadLoader {

  /** The workload kinds the controller reports (and so the only ones a URL may name). */
  public static final Set<String> KINDS = Set.of("deployment", "statefulset", "daemonset", "pod");

  private final ControllerApi api;

  public WorkloadLoader(ControllerApi api) {
    this.api = api;
  }

  public CompletableFuture<WorkloadDetail> load(String namespace, String kind, String name) {
    if (!KINDS.contains(kind)) {
      return CompletableFuture.failedFuture(
          new ControllerErrorException(
              404,
              "unknown workload kind \""
                  + kind
                  + "\" (expected one of deployment, statefulset,"
                  + " daemonset, pod)"));
    }
    String resource = kind + "/" + name;
    CompletableFuture<Workload> workload =
        api.workloads(namespace)
            .thenApply(
                all ->
                    all.stream()
                        .filter(w -> w.kind().equals(kind) && w.name().equals(name))
                        .findFirst()
                        .orElseThrow(
                            () ->
                                new ControllerErrorException(
                                    404,
                                    kind
                                        + " \""
                                        + name
                                        + "\" not found in namespace \""
                                        + namespace
                                        + "\"")));
    CompletableFuture<MetricsAnswer<StatRow>> stat = api.stat(namespace, resource, null);
    CompletableFuture<MetricsAnswer<RouteRow>> routes = api.routes(namespace, resource);
    CompletableFuture<MetricsAnswer<EdgeRow>> edges = api.edges(namespace, resource);
    return CompletableFuture.allOf(workload, stat, routes, edges)
        .thenApply(
            done ->
                detail(workload.join(), stat.join(), routes.join().rows(), edges.join().rows()));
  }

  static WorkloadDetail detail(
      Workload workload, MetricsAnswer<StatRow> stat, List<RouteRow> routes, List<EdgeRow> edges) {
    StatRow own =
        stat.rows().stream()
            .filter(r -> r.kind().equals(workload.kind()) && r.name().equals(workload.name()))
            .findFirst()
            .orElse(null);
    List<EdgeView> out =
        edges.stream()
            .filter(e -> is(e.src(), workload))
            .map(e -> new EdgeView(e.dst().kind(), e.dst().name(), e))
            .toList();
    List<EdgeView> in =
        edges.stream()
            .filter(e -> is(e.dst(), workload))
            .map(e -> new EdgeView(e.src().kind(), e.src().name(), e))
            .toList();
    return new WorkloadDetail(
        workload, own, routes.stream().map(RouteView::new).toList(), out, in, stat.note());
  }

  private static boolean is(EdgeRow.Resource end, Workload workload) {
    return end != null && workload.kind().equals(end.kind()) && workload.name().equals(end.name());
  }
}
