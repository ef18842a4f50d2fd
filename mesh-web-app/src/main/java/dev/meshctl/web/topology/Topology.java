package dev.meshctl.web.topology;

import java.util.List;

/**
 * The namespace's call graph, laid out for an SVG of {@link #WIDTH} by {@link #HEIGHT}: workloads
 * as nodes, who-calls-whom as edges labelled with requests per second and success rate.
 */
public record Topology(List<Node> nodes, List<Edge> edges, String note) {

  public static final int WIDTH = 720;
  public static final int HEIGHT = 480;

  /** A workload at ({@code x}, {@code y}). */
  public record Node(String kind, String name, double x, double y) {}

  /**
   * A call edge from {@code src} to {@code dst}; the line is shortened to stop at the nodes'
   * circles, the label sits at its middle.
   */
  public record Edge(
      String src,
      String dst,
      String label,
      boolean secured,
      double x1,
      double y1,
      double x2,
      double y2) {

    public double labelX() {
      return (x1 + x2) / 2;
    }

    public double labelY() {
      return (y1 + y2) / 2 - 6;
    }
  }
}
