package dev.meshctl.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.demo.HostPort;
import dev.meshctl.demo.backend.AuthorsService;
import dev.meshctl.demo.backend.BooksService;
import dev.meshctl.demo.backend.Catalog;
import dev.meshctl.demo.backend.FailureSchedule;
import dev.meshctl.demo.backend.GrpcWorkload;
import dev.meshctl.demo.bookstore.Book;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web workload on a real HTTP server, in front of real books and authors gRPC servers, asked by
 * the JDK's HTTP client over loopback.
 */
class WebServerTest {

  private static final Catalog CATALOG = Catalog.standard();

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void index_listsEveryBookWithItsAuthorAndALinkToItsPage() throws Exception {
    String web = start(books(), authors(0));

    HttpResponse<String> page = get(web + "/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    for (Book book : CATALOG.books()) {
      String author = CATALOG.author(book.getAuthorId()).orElseThrow().getName();
      assertThat(page.body())
          .contains(
              "<a href=\"/books/"
                  + book.getId()
                  + "\">"
                  + book.getTitle()
                  + "</a></td><td>"
                  + author
                  + "</td><td>"
                  + book.getYear());
    }
  }

  @Test
  void bookPage_showsTheBookAndItsAuthor() throws Exception {
    String web = start(books(), authors(0));

    HttpResponse<String> page = get(web + "/books/9");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<h1>War and Peace</h1>").contains("by Leo Tolstoy, 1869");
  }

  @Test
  void bookPage_is500WithAShortMessage_whenGetAuthorFails() throws Exception {
    String web = start(books(), authors(1));

    HttpResponse<String> page = get(web + "/books/9");

    assertThat(page.statusCode()).isEqualTo(500);
    assertThat(page.body())
        .isEqualTo("authors GetAuthor failed: UNAVAILABLE: authors: simulated failure\n");
    // The list needs ListAuthors only, which never fails.
    assertThat(get(web + "/").statusCode()).isEqualTo(200);
    assertThat(get(web + "/api/books").statusCode()).isEqualTo(200);
  }

  @Test
  void bookPages_failOnTheAuthorsShare() throws Exception {
    String web = start(books(), authors(0.2));

    int failures = 0;
    for (int i = 0; i < 50; i++) {
      int status = get(web + "/books/" + (1 + i % 12)).statusCode();
      assertThat(status).isIn(200, 500);
      failures += status == 500 ? 1 : 0;
    }

    assertThat(failures).isEqualTo(10);
  }

  @Test
  void unknownBooksAndPaths_are404() throws Exception {
    String web = start(books(), authors(0));

    assertThat(get(web + "/books/13").statusCode()).isEqualTo(404);
    assertThat(get(web + "/books/13").body()).isEqualTo("no book with id 13\n");
    assertThat(get(web + "/books/abc").statusCode()).isEqualTo(404);
    assertThat(get(web + "/books/").statusCode()).isEqualTo(404);
    assertThat(get(web + "/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void apiBooks_isJsonOfEveryBookWithItsAuthor() throws Exception {
    String web = start(books(), authors(0));

    HttpResponse<String> answer = get(web + "/api/books");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(answer.body())
        .startsWith(
            "{\"books\":[{\"id\":1,\"title\":\"Pride and Prejudice\",\"authorId\":1,"
                + "\"author\":\"Jane Austen\",\"year\":1813},")
        .endsWith("]}");
    Matcher entries = Pattern.compile("\\{\"id\":(\\d+),").matcher(answer.body());
    int count = 0;
    while (entries.find()) {
      count++;
      assertThat(Integer.parseInt(entries.group(1))).isEqualTo(count);
    }
    assertThat(count).isEqualTo(12);
    assertThat(answer.body()).contains("\"author\":\"Charlotte Brontë\"");
  }

  @Test
  void healthz_answersWithoutTheBackEnds() throws Exception {
    String web = start(new HostPort("127.0.0.1", unusedPort()), new HostPort("127.0.0.1", 1));

    HttpResponse<String> health = get(web + "/healthz");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok\n");
  }

  @Test
  void aBackEndThatIsDown_makesThePage500_sayingWhichCallFailed() throws Exception {
    String web = start(new HostPort("127.0.0.1", unusedPort()), authors(0));

    HttpResponse<String> page = get(web + "/");

    assertThat(page.statusCode()).isEqualTo(500);
    assertThat(page.body()).startsWith("books ListBooks failed: UNAVAILABLE");
  }

  @Test
  void onlyGetIsServed() throws Exception {
    String web = start(books(), authors(0));

    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(web + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(405);
    assertThat(answer.headers().firstValue("Allow")).hasValue("GET");
  }

  private HostPort books() {
    GrpcWorkload server =
        GrpcWorkload.start("books", new HostPort("127.0.0.1", 0), new BooksService(CATALOG));
    closing.add(server);
    return server.address();
  }

  private HostPort authors(double failureRate) {
    GrpcWorkload server =
        GrpcWorkload.start(
            "authors",
            new HostPort("127.0.0.1", 0),
            new AuthorsService(CATALOG, FailureSchedule.evenlySpread(failureRate)));
    closing.add(server);
    return server.address();
  }

  private String start(HostPort books, HostPort authors) {
    Bookstore bookstore =
        Bookstore.connect(books, authors, Optional.empty(), Duration.ofSeconds(10));
    closing.add(bookstore);
    WebServer web = WebServer.start(new HostPort("127.0.0.1", 0), bookstore);
    closing.add(web);
    return "http://" + web.address();
  }

  private HttpResponse<String> get(String uri) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
