package dev.meshctl.web.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.web.api.EdgeRow;
import dev.meshctl.web.api.StatRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyLayoutTest {

  private static EdgeRow edge(String src, String dst, double rps) {
    return new EdgeRow(
        new EdgeRow.Resource("demo", "deployment", src),
        new EdgeRow.Resource("demo", "deployment", dst),
        null,
        null,
        true,
        rps);
  }

  private static StatRow toward(String name, Double success) {
    return new StatRow("demo", "deployment", name, 1, 1, success, 1, null, null, null, 0);
  }

  @Test
  void nodesSitInsideTheCanvas_inNameOrder_andIncludeEdgeEndsDiscoveryMissed() {
    Topology topology =
        TopologyLayout.layout(
            Map.of("web", "deployment", "books", "deployment"),
            List.of(edge("web", "books", 2), edge("books", "gone", 1)),
            Map.of(),
            null);

    assertThat(topology.nodes())
        .extracting(Topology.Node::name)
        .containsExactly("books", "gone", "web");
    assertThat(topology.nodes())
        .allSatisfy(
            n -> {
              assertThat(n.x()).isBetween(0.0, (double) Topology.WIDTH);
              assertThat(n.y()).isBetween(0.0, (double) Topology.HEIGHT);
            });
  }

  @Test
  void edgeLabel_isRpsAndTheCallersSuccessTowardTheCallee() {
    Topology topology =
        TopologyLayout.layout(
            Map.of("books", "deployment", "authors", "deployment"),
            List.of(edge("books", "authors", 4.5), edge("authors", "books", 1)),
            Map.of("books->authors", toward("authors", 0.8)),
            null);

    assertThat(topology.edges())
        .extracting(Topology.Edge::label)
        .containsExactly("4.5rps 80.00%", "1.0rps -");
  }

  @Test
  void edgeStopsAtTheNodesCircles_ratherThanTheirCentres() {
    Topology topology =
        TopologyLayout.layout(
            Map.of("a", "deployment", "b", "deployment"),
            List.of(edge("a", "b", 1)),
            Map.of(),
            null);
    Topology.Node a = topology.nodes().get(0);
    Topology.Edge e = topology.edges().get(0);

    double fromCentre = Math.hypot(e.x1() - a.x(), e.y1() - a.y());
    assertThat(fromCentre)
        .isCloseTo(TopologyLayout.NODE_RADIUS, org.assertj.core.data.Offset.offset(0.2));
  }

  @Test
  void aWorkloadCallingItself_getsAVisibleEdge() {
    Topology topology =
        TopologyLayout.layout(
            Map.of("a", "deployment"), List.of(edge("a", "a", 1)), Map.of(), null);

    Topology.Edge e = topology.edges().get(0);
    assertThat(Math.hypot(e.x2() - e.x1(), e.y2() - e.y1())).isGreaterThan(10);
  }
}
