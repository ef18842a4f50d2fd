package dev.meshctl.web.overview;

import dev.meshctl.web.api.ControllerApi;
import dev.meshctl.web.api.MetricsAnswer;
import dev.meshctl.web.api.Namespace;
import dev.meshctl.web.api.StatRow;
import dev.meshctl.web.api.Workload;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Gathers the overview: the namespaces, each namespace's workloads (to count the meshed ones), one
 * {@code stat?resource=namespace} for all their golden metrics, and the control plane's health, all
 * asked at once.
 */
public final class OverviewLoader {

  private final ControllerApi api;
  private final ControlPlaneProbe probe;

  public OverviewLoader(ControllerApi api, ControlPlaneProbe probe) {
    this.api = api;
    this.probe = probe;
  }

  public CompletableFuture<Overview> load() {
    CompletableFuture<MetricsAnswer<StatRow>> stat = api.stat("default", "namespace", null);
    CompletableFuture<List<ComponentStatus>> components = probe.components();
    CompletableFuture<List<NamespaceSummary>> namespaces =
        api.namespaces()
            .thenCompose(
                list -> {
                  List<CompletableFuture<List<Workload>>> workloads =
                      list.stream().map(ns -> api.workloads(ns.name())).toList();
                  return CompletableFuture.allOf(workloads.toArray(CompletableFuture[]::new))
                      .thenCombine(
                          stat,
                          (done, answer) -> summaries(list, workloads, byName(answer.rows())));
                });
    return namespaces.thenCombine(
        stat.thenCombine(components, (answer, parts) -> Map.entry(answer, parts)),
        (rows, pair) -> new Overview(rows, pair.getKey().note(), pair.getValue()));
  }

  private static List<NamespaceSummary> summaries(
      List<Namespace> namespaces,
      List<CompletableFuture<List<Workload>>> workloads,
      Map<String, StatRow> stats) {
    return java.util.stream.IntStream.range(0, namespaces.size())
        .mapToObj(
            i -> {
              String name = namespaces.get(i).name();
              List<Workload> of = workloads.get(i).join();
              int meshed = (int) of.stream().filter(Workload::meshed).count();
              return new NamespaceSummary(name, meshed, of.size(), stats.get(name));
            })
        .toList();
  }

  private static Map<String, StatRow> byName(List<StatRow> rows) {
    return rows.stream().collect(Collectors.toMap(StatRow::name, Function.identity(), (a, b) -> a));
  }
}
