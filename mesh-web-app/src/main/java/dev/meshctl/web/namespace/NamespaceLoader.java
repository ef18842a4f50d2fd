package dev.meshctl.web.namespace;

import dev.meshctl.web.api.ControllerApi;
import dev.meshctl.web.api.MetricsAnswer;
import dev.meshctl.web.api.StatRow;
import dev.meshctl.web.api.Workload;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gathers a namespace's workloads and joins each with its golden metrics: one {@code stat} per
 * workload kind present (a namespace may hold deployments, statefulsets and bare pods).
 */
public final class NamespaceLoader {

  private final ControllerApi api;

  public NamespaceLoader(ControllerApi api) {
    this.api = api;
  }

  /**
   * The workloads by kind then name, each with its stat row (null when the controller has none).
   */
  public CompletableFuture<NamespaceView> load(String namespace) {
    return api.workloads(namespace)
        .thenCompose(
            workloads -> {
              List<String> kinds = workloads.stream().map(Workload::kind).distinct().toList();
              List<CompletableFuture<MetricsAnswer<StatRow>>> stats =
                  kinds.stream().map(kind -> api.stat(namespace, kind, null)).toList();
              return CompletableFuture.allOf(stats.toArray(CompletableFuture[]::new))
                  .thenApply(done -> join(namespace, workloads, stats));
            });
  }

  private static NamespaceView join(
      String namespace,
      List<Workload> workloads,
      List<CompletableFuture<MetricsAnswer<StatRow>>> stats) {
    Map<String, StatRow> byKey = new HashMap<>();
    String note = null;
    for (CompletableFuture<MetricsAnswer<StatRow>> stat : stats) {
      MetricsAnswer<StatRow> answer = stat.join();
      note = note == null ? answer.note() : note;
      answer.rows().forEach(row -> byKey.putIfAbsent(row.kind() + "/" + row.name(), row));
    }
    List<WorkloadSummary> rows =
        workloads.stream()
            .sorted(java.util.Comparator.comparing(Workload::kind).thenComparing(Workload::name))
            .map(w -> new WorkloadSummary(w, byKey.get(w.kind() + "/" + w.name())))
            .toList();
    return new NamespaceView(namespace, rows, note);
  }
}
