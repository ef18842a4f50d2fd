package dev.meshctl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo application of the local mesh, a small bookstore in namespace {@code demo}: {@code web}
 * (HTTP/1.1 pages) calls {@code books} and {@code authors} over gRPC; {@code authors} fails a share
 * of its {@code GetAuthor} calls; {@code traffic} browses {@code web} at a steady rate. Each is a
 * process of {@code mesh-demo.jar} beside its own proxy, and every call between them goes from the
 * caller's proxy to the callee's over mTLS.
 */
final class DemoApplication {

  static final String NAMESPACE = "demo";
  static final int SERVICE_PORT = 8080;
  static final List<String> JVM =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx64m");

  private final List<LocalWorkload> workloads;
  private final double failureRate;
  private final int rps;

  DemoApplication(FreePorts ports, double failureRate, int rps) {
    this.failureRate = failureRate;
    this.rps = rps;
    String books = LocalWorkload.authority("books", NAMESPACE, SERVICE_PORT);
    String authors = LocalWorkload.authority("authors", NAMESPACE, SERVICE_PORT);
    String web = LocalWorkload.authority("web", NAMESPACE, SERVICE_PORT);
    this.workloads =
        List.of(
            workload(ports, "books", true, List.of()),
            workload(ports, "authors", true, List.of()),
            workload(ports, "web", true, List.of(books, authors)),
            workload(ports, "traffic", false, List.of(web)));
  }

  private static LocalWorkload workload(
      FreePorts ports, String name, boolean serves, List<String> calls) {
    LocalWorkload.ProxyPorts proxy =
        new LocalWorkload.ProxyPorts(
            ports.take(name + " proxy outbound"),
            ports.take(name + " proxy inbound"),
            ports.take(name + " proxy admin"),
            ports.take(name + " proxy tap"));
    return new LocalWorkload(
        NAMESPACE, name, serves ? SERVICE_PORT : 0, serves ? ports.take(name) : 0, proxy, calls);
  }

  List<LocalWorkload> workloads() {
    return workloads;
  }

  /** The command line of a workload's application process. */
  List<String> command(LocalWorkload workload, Path demoJar, String marker) {
    List<String> command = new ArrayList<>();
    command.add(MeshJars.java());
    command.addAll(JVM);
    command.add(marker);
    command.add("-jar");
    command.add(demoJar.toString());
    command.add(workload.name());
    String outbound = "127.0.0.1:" + workload.proxy().outbound();
    switch (workload.name()) {
      case "books" -> command.addAll(List.of("--listen", "127.0.0.1:" + workload.appPort()));
      case "authors" ->
          command.addAll(
              List.of(
                  "--listen",
                  "127.0.0.1:" + workload.appPort(),
                  "--failure-rate",
                  Double.toString(failureRate)));
      case "web" ->
          command.addAll(
              List.of(
                  "--listen",
                  "127.0.0.1:" + workload.appPort(),
                  "--books",
                  workload.calls().get(0),
                  "--authors",
                  workload.calls().get(1),
                  "--outbound",
                  outbound));
      case "traffic" ->
          command.addAll(
              List.of(
                  "--target",
                  "http://" + workload.calls().get(0),
                  "--outbound",
                  outbound,
                  "--rps",
                  Integer.toString(rps)));
      default -> throw new IllegalArgumentException("not a demo workload: " + workload.name());
    }
    return command;
  }

  /**
   * Service profiles of the demo's services, so that per-route metrics have names: the gRPC methods
   * of books and authors, the pages of web. No route is retryable: the demo shows failures where
   * they happen.
   */
  static String profiles() {
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        profile(
            "books",
            route("ListBooks", "POST", "/bookstore\\.Books/ListBooks"),
            route("GetBook", "POST", "/bookstore\\.Books/GetBook")));
    yaml.append("---\n");
    yaml.append(
        profile(
            "authors",
            route("GetAuthor", "POST", "/bookstore\\.Authors/GetAuthor"),
            route("ListAuthors", "POST", "/bookstore\\.Authors/ListAuthors")));
    yaml.append("---\n");
    yaml.append(
        profile(
            "web",
            route("GET /", "GET", "/"),
            route("GET /books/{id}", "GET", "/books/[^/]+"),
            route("GET /api/books", "GET", "/api/books")));
    return yaml.toString();
  }

  private static String profile(String service, String... routes) {
    return """
        apiVersion: meshctl.dev/v1alpha2
        kind: ServiceProfile
        metadata: {name: %s.%s.svc.%s, namespace: %s}
        spec:
          routes:
        %s"""
        .formatted(
            service, NAMESPACE, LocalWorkload.CLUSTER_DOMAIN, NAMESPACE, String.join("", routes));
  }

  private static String route(String name, String method, String pathRegex) {
    return "    - name: '"
        + name
        + "'\n"
        + "      condition: {method: "
        + method
        + ", pathRegex: '"
        + pathRegex
        + "'}\n";
  }
}
