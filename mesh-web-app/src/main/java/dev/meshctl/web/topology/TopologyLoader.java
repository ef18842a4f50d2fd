package dev.meshctl.web.topology;

import dev.meshctl.web.api.ControllerApi;
import dev.meshctl.web.api.EdgeRow;
import dev.meshctl.web.api.MetricsAnswer;
import dev.meshctl.web.api.StatRow;
import dev.meshctl.web.api.Workload;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gathers a namespace's call graph: its workloads, its deployment-level edges, and for each caller
 * one {@code stat?from=deployment/CALLER} whose rows give the success rate toward each callee (the
 * edges API carries the rate of requests, not their outcome).
 */
public final class TopologyLoader {

  private final ControllerApi api;

  public TopologyLoader(ControllerApi api) {
    this.api = api;
  }

  public CompletableFuture<Topology> load(String namespace) {
    CompletableFuture<List<Workload>> workloads = api.workloads(namespace);
    CompletableFuture<MetricsAnswer<EdgeRow>> edges = api.edges(namespace, "deployment");
    return workloads
        .thenCombine(edges, Map::entry)
        .thenCompose(
            pair -> {
              List<EdgeRow> rows = pair.getValue().rows();
              List<String> callers =
                  rows.stream().map(e -> e.src().kind() + "/" + e.src().name()).distinct().toList();
              Map<String, CompletableFuture<MetricsAnswer<StatRow>>> stats = new LinkedHashMap<>();
              for (String caller : callers) {
                stats.put(caller, api.stat(namespace, "deployment", caller));
              }
              return CompletableFuture.allOf(stats.values().toArray(CompletableFuture[]::new))
                  .thenApply(
                      done -> {
                        Map<String, String> nodes = new LinkedHashMap<>();
                        pair.getKey().forEach(w -> nodes.put(w.name(), w.kind()));
                        Map<String, StatRow> byEdge = new HashMap<>();
                        stats.forEach(
                            (caller, answer) -> {
                              String src = caller.substring(caller.indexOf('/') + 1);
                              for (StatRow row : answer.join().rows()) {
                                byEdge.put(src + "->" + row.name(), row);
                              }
                            });
                        return TopologyLayout.layout(nodes, rows, byEdge, pair.getValue().note());
                      });
            });
  }
}
