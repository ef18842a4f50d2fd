package dev.meshctl.web;

import java.util.Map;

/**
 * The documented JSON of a small demo namespace, as the controller's REST API answers it: web calls
 * books, books calls authors (failing 20%), one route whose name carries markup.
 */
public final class DemoAnswers {

  public static final String HOSTILE_ROUTE = "/books/<script>alert('x')</script>";

  private static final String WEB_ID =
      "web.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String BOOKS_ID =
      "books.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String AUTHORS_ID =
      "authors.demo.serviceaccount.identity.meshctl-system.cluster.local";

  private DemoAnswers() {}

  public static void install(FakeController c) {
    c.answer("/api/v1/version", "{\"version\":\"0.1.0-SNAPSHOT\"}");
    c.answer(
        "/api/v1/namespaces",
        "[{\"name\":\"demo\",\"services\":3,\"workloads\":4,\"meshedPods\":3,\"pods\":4},"
            + "{\"name\":\"quiet\",\"services\":0,\"workloads\":1,\"meshedPods\":0,\"pods\":1}]");
    c.answer(
        "/api/v1/namespaces/demo/workloads",
        "[{\"kind\":\"deployment\",\"name\":\"web\",\"meshed\":true,\"pods\":[{\"name\":\"web-1\","
            + "\"ip\":\"127.0.0.1\",\"meshed\":true,\"identity\":\""
            + WEB_ID
            + "\"}]},"
            + "{\"kind\":\"deployment\",\"name\":\"books\",\"meshed\":true,\"pods\":[{\"name\":"
            + "\"books-1\",\"ip\":\"127.0.0.1\",\"meshed\":true,\"identity\":\""
            + BOOKS_ID
            + "\"}]},"
            + "{\"kind\":\"deployment\",\"name\":\"authors\",\"meshed\":true,\"pods\":[{\"name\":"
            + "\"authors-1\",\"ip\":\"127.0.0.1\",\"meshed\":true,\"identity\":\""
            + AUTHORS_ID
            + "\"}]},"
            + "{\"kind\":\"deployment\",\"name\":\"traffic\",\"meshed\":false,\"pods\":[{\"name\":"
            + "\"traffic-1\",\"ip\":\"127.0.0.1\",\"meshed\":false,\"identity\":null}]}]");
    c.answer(
        "/api/v1/namespaces/quiet/workloads",
        "[{\"kind\":\"pod\",\"name\":\"lonely\",\"meshed\":false,\"pods\":[{\"name\":\"lonely\","
            + "\"ip\":null,\"meshed\":false,\"identity\":null}]}]");
    c.answer(
        "/api/v1/stat",
        Map.of("resource", "namespace", "namespace", "default"),
        200,
        "{\"window\":\"1m\",\"source\":\"proxies\",\"rows\":["
            + stat("", "namespace", "demo", 3, 4, "0.931", 10.24, "3.0", "8.0", "12.4")
            + ","
            + stat("", "namespace", "quiet", 0, 1, "null", 0, "null", "null", "null")
            + "]}");
    c.answer(
        "/api/v1/stat",
        Map.of("resource", "deployment", "namespace", "demo"),
        200,
        "{\"window\":\"1m\",\"source\":\"proxies\",\"rows\":["
            + stat("demo", "deployment", "web", 1, 1, "1.0", 5.0, "2.0", "4.0", "6.0")
            + ","
            + stat("demo", "deployment", "books", 1, 1, "0.99", 5.0, "3.0", "6.0", "9.0")
            + ","
            + stat("demo", "deployment", "authors", 1, 1, "0.8", 4.5, "1.0", "2.0", "3.0")
            + ","
            + stat("demo", "deployment", "traffic", 0, 1, "null", 0, "null", "null", "null")
            + "]}");
    c.answer(
        "/api/v1/stat",
        Map.of("resource", "deployment/books", "namespace", "demo"),
        200,
        "{\"window\":\"1m\",\"source\":\"proxies\",\"rows\":["
            + stat("demo", "deployment", "books", 1, 1, "0.99", 5.0, "3.0", "6.0", "9.0")
            + "]}");
    c.answer(
        "/api/v1/routes",
        Map.of("resource", "deployment/books", "namespace", "demo"),
        200,
        "{\"window\":\"1m\",\"source\":\"proxies\",\"rows\":["
            + "{\"route\":\"get-author\",\"authority\":\"authors.demo.svc.cluster.local:8080\","
            + "\"successRate\":0.8,\"rps\":4.5,\"latencyP50Ms\":1.0,\"latencyP95Ms\":2.0,"
            + "\"latencyP99Ms\":3.0},"
            + "{\"route\":\""
            + HOSTILE_ROUTE.replace("'", "\\u0027")
            + "\",\"authority\":"
            + "\"authors.demo.svc.cluster.local:8080\",\"successRate\":null,\"rps\":0,"
            + "\"latencyP50Ms\":null,\"latencyP95Ms\":null,\"latencyP99Ms\":null}]}");
    String webToBooks =
        edge("web", "books", "\"" + WEB_ID + "\"", "\"" + BOOKS_ID + "\"", true, 5.0);
    String booksToAuthors =
        edge("books", "authors", "\"" + BOOKS_ID + "\"", "\"" + AUTHORS_ID + "\"", true, 4.5);
    String trafficToWeb = edge("traffic", "web", "null", "null", false, 5.0);
    c.answer(
        "/api/v1/edges",
        Map.of("resource", "deployment/books", "namespace", "demo"),
        200,
        "{\"window\":\"1m\",\"source\":\"proxies\",\"rows\":["
            + webToBooks
            + ","
            + booksToAuthors
            + "]}");
    c.answer(
        "/api/v1/edges",
        Map.of("resource", "deployment", "namespace", "demo"),
        200,
        "{\"window\":\"1m\",\"source\":\"proxies\",\"rows\":["
            + trafficToWeb
            + ","
            + webToBooks
            + ","
            + booksToAuthors
            + "]}");
    for (String[] from :
        new String[][] {
          {"traffic", "web", "1.0"}, {"web", "books", "0.99"}, {"books", "authors", "0.8"}
        }) {
      c.answer(
          "/api/v1/stat",
          Map.of("resource", "deployment", "namespace", "demo", "from", "deployment/" + from[0]),
          200,
          "{\"window\":\"1m\",\"source\":\"proxies\",\"rows\":["
              + stat("demo", "deployment", from[1], 1, 1, from[2], 5.0, "1.0", "2.0", "3.0")
              + "]}");
    }
  }

  private static String stat(
      String ns,
      String kind,
      String name,
      int meshed,
      int pods,
      String success,
      double rps,
      String p50,
      String p95,
      String p99) {
    return "{\"namespace\":\""
        + ns
        + "\",\"kind\":\""
        + kind
        + "\",\"name\":\""
        + name
        + "\",\"meshedPods\":"
        + meshed
        + ",\"pods\":"
        + pods
        + ",\"successRate\":"
        + success
        + ",\"rps\":"
        + rps
        + ",\"latencyP50Ms\":"
        + p50
        + ",\"latencyP95Ms\":"
        + p95
        + ",\"latencyP99Ms\":"
        + p99
        + ",\"tcpConnections\":1}";
  }

  private static String edge(
      String src, String dst, String clientId, String serverId, boolean secured, double rps) {
    return "{\"src\":{\"namespace\":\"demo\",\"kind\":\"deployment\",\"name\":\""
        + src
        + "\"},"
        + "\"dst\":{\"namespace\":\"demo\",\"kind\":\"deployment\",\"name\":\""
        + dst
        + "\"},"
        + "\"clientId\":"
        + clientId
        + ",\"serverId\":"
        + serverId
        + ",\"secured\":"
        + secured
        + ",\"rps\":"
        + rps
        + "}";
  }
}
