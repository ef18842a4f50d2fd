package dev.meshctl.web.topology;

import dev.meshctl.web.MetricFormat;
import dev.meshctl.web.api.EdgeRow;
import dev.meshctl.web.api.StatRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places a namespace's workloads evenly on a circle (by name, so a page refresh does not move them)
 * and draws each edge between the circles of its ends. Plain Java, no drawing library: a mesh
 * namespace has tens of workloads, not thousands.
 */
public final class TopologyLayout {

  static final double NODE_RADIUS = 28;

  private TopologyLayout() {}

  /**
   * @param workloads node name to kind, every workload of the namespace (edge ends are added)
   * @param edges the namespace's edges
   * @param successByEdge {@code src + "->" + dst} to the stat row of that caller toward that callee
   *     (its success rate), where known
   */
  public static Topology layout(
      Map<String, String> workloads,
      List<EdgeRow> edges,
      Map<String, StatRow> successByEdge,
      String note) {
    Map<String, String> names = new TreeMap<>(workloads);
    for (EdgeRow edge : edges) {
      names.putIfAbsent(edge.src().name(), edge.src().kind());
      names.putIfAbsent(edge.dst().name(), edge.dst().kind());
    }
    double cx = Topology.WIDTH / 2.0;
    double cy = Topology.HEIGHT / 2.0;
    double radius = Math.min(cx, cy) - NODE_RADIUS - 30;
    Map<String, Topology.Node> nodes = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, String> entry : names.entrySet()) {
      double angle = -Math.PI / 2 + 2 * Math.PI * i++ / names.size();
      double x = names.size() == 1 ? cx : cx + radius * Math.cos(angle);
      double y = names.size() == 1 ? cy : cy + radius * Math.sin(angle);
      nodes.put(
          entry.getKey(), new Topology.Node(entry.getValue(), entry.getKey(), round(x), round(y)));
    }
    List<Topology.Edge> drawn = new ArrayList<>();
    for (EdgeRow edge : edges) {
      Topology.Node from = nodes.get(edge.src().name());
      Topology.Node to = nodes.get(edge.dst().name());
      StatRow stat = successByEdge.get(edge.src().name() + "->" + edge.dst().name());
      String label =
          MetricFormat.rps(edge.rps())
              + " "
              + MetricFormat.success(stat == null ? null : stat.successRate());
      drawn.add(line(edge, from, to, label));
    }
    return new Topology(List.copyOf(nodes.values()), drawn, note);
  }

  private static Topology.Edge line(
      EdgeRow edge, Topology.Node from, Topology.Node to, String label) {
    double dx = to.x() - from.x();
    double dy = to.y() - from.y();
    double length = Math.hypot(dx, dy);
    if (length < 2 * NODE_RADIUS) {
      // A workload calling itself: a short line beside its node keeps the label readable.
      return new Topology.Edge(
          edge.src().name(),
          edge.dst().name(),
          label,
          edge.secured(),
          from.x() + NODE_RADIUS,
          from.y(),
          from.x() + NODE_RADIUS + 40,
          from.y() - 20);
    }
    double ux = dx / length;
    double uy = dy / length;
    return new Topology.Edge(
        edge.src().name(),
        edge.dst().name(),
        label,
        edge.secured(),
        round(from.x() + ux * NODE_RADIUS),
        round(from.y() + uy * NODE_RADIUS),
        round(to.x() - ux * (NODE_RADIUS + 6)),
        round(to.y() - uy * (NODE_RADIUS + 6)));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
