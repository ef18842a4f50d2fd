package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TopTableTest {

  private static final String BOOKS_ID =
      "books.demo.serviceaccount.identity.meshctl-system.cluster.local";

  private final ObjectMapper json = new ObjectMapper();
  private final TopTable table = new TopTable();

  @Test
  void countsRequests_byPath_busiestFirst_withLatenciesAndSuccessRate() throws Exception {
    request("web-1:1", "outbound", "GET", "/books", BOOKS_ID);
    end("web-1:1", 200, 4.0, null);
    request("web-1:2", "outbound", "GET", "/books", BOOKS_ID);
    end("web-1:2", 500, 2.0, null);
    request("web-1:3", "outbound", "GET", "/books", BOOKS_ID);
    end("web-1:3", 200, 3.0, null);
    request("web-1:4", "outbound", "POST", "/demo.Authors/GetAuthor", null);
    end("web-1:4", 200, 0.25, 2);

    assertThat(table.rows())
        .extracting(r -> r.key().path(), TopTable.Row::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/books", 3L),
            org.assertj.core.groups.Tuple.tuple("/demo.Authors/GetAuthor", 1L));
    TopTable.Row books = table.rows().get(0);
    assertThat(books.key()).isEqualTo(new TopTable.Key("web-1", "books", "GET", "/books"));
    assertThat(books.bestMs()).isEqualTo(2.0);
    assertThat(books.worstMs()).isEqualTo(4.0);
    assertThat(books.lastMs()).isEqualTo(3.0);
    assertThat(books.successRate()).isEqualTo(2.0 / 3);
    TopTable.Row grpc = table.rows().get(1);
    assertThat(grpc.key().destination()).isEqualTo("127.0.0.1");
    assertThat(grpc.successRate()).isZero();
  }

  @Test
  void inbound_namesThePodAsDestination_andTheCallerByIdentity() throws Exception {
    add(
        "{\"type\":\"request\",\"id\":\"books-1:1\",\"pod\":\"books-1\",\"direction\":\"inbound\","
            + "\"source\":\"127.0.0.1:40000\",\"destination\":\"127.0.0.1:8080\","
            + "\"sourceIdentity\":\"web.demo.serviceaccount.identity.meshctl-system.cluster.local\","
            + "\"destinationIdentity\":null,\"method\":\"GET\",\"path\":\"/\"}");

    assertThat(table.rows().get(0).key()).isEqualTo(new TopTable.Key("web", "books-1", "GET", "/"));
    assertThat(table.rows().get(0).successRate()).isNull();
  }

  @Test
  void aResetStreamFails_andEventsOfUnseenRequestsAreIgnored() throws Exception {
    request("web-1:1", "outbound", "GET", "/", BOOKS_ID);
    add(
        "{\"type\":\"end\",\"id\":\"web-1:1\",\"durationMs\":1,\"grpcStatus\":null,"
            + "\"resetReason\":\"stream reset\"}");
    end("web-1:9", 200, 1.0, null);

    assertThat(table.rows()).singleElement().satisfies(r -> assertThat(r.successRate()).isZero());
  }

  @Test
  void rendersAnAlignedTable_andJson() throws Exception {
    request("web-1:1", "outbound", "GET", "/books", BOOKS_ID);
    end("web-1:1", 200, 12.0, null);
    request("web-1:2", "outbound", "GET", "/", BOOKS_ID);

    assertThat(table.render())
        .isEqualTo(
            """
            SOURCE   DESTINATION   METHOD   PATH     COUNT   BEST   WORST   LAST   SUCCESS
            web-1    books         GET      /        1       -      -       -      -
            web-1    books         GET      /books   1       12ms   12ms    12ms   100.00%
            """);
    assertThat(json.readTree(table.json(json)))
        .isEqualTo(
            json.readTree(
                """
                {"rows": [
                  {"source": "web-1", "destination": "books", "method": "GET", "path": "/",
                   "count": 1, "bestMs": null, "worstMs": null, "lastMs": null, "successRate": null},
                  {"source": "web-1", "destination": "books", "method": "GET", "path": "/books",
                   "count": 1, "bestMs": 12.0, "worstMs": 12.0, "lastMs": 12.0, "successRate": 1.0}]}
                """));
  }

  private void request(String id, String direction, String method, String path, String dstId)
      throws Exception {
    add(
        "{\"type\":\"request\",\"id\":\""
            + id
            + "\",\"pod\":\""
            + id.substring(0, id.indexOf(':'))
            + "\",\"direction\":\""
            + direction
            + "\",\"source\":\"127.0.0.1:5000\",\"destination\":\"127.0.0.1:4143\","
            + "\"sourceIdentity\":null,\"destinationIdentity\":"
            + (dstId == null ? "null" : "\"" + dstId + "\"")
            + ",\"method\":\""
            + method
            + "\",\"path\":\""
            + path
            + "\"}");
  }

  private void end(String id, int status, double durationMs, Integer grpcStatus) throws Exception {
    add("{\"type\":\"response\",\"id\":\"" + id + "\",\"status\":" + status + "}");
    add(
        "{\"type\":\"end\",\"id\":\""
            + id
            + "\",\"durationMs\":"
            + durationMs
            + ",\"grpcStatus\":"
            + grpcStatus
            + ",\"resetReason\":null}");
  }

  private void add(String line) throws Exception {
    table.add(json.readTree(line));
  }
}
