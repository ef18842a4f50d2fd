package dev.meshctl.demo.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.meshctl.demo.bookstore.Author;
import dev.meshctl.demo.bookstore.Book;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The web workload's pages, one handler for every path of its HTTP server:
 *
 * <ul>
 *   <li>{@code GET /}: the books with their authors (ListBooks, ListAuthors);
 *   <li>{@code GET /books/{id}}: one book (GetBook, GetAuthor); 404 for an unknown id, 500 with a
 *       short message when GetAuthor fails;
 *   <li>{@code GET /api/books}: the books with their authors as JSON;
 *   <li>{@code GET /healthz}: 200 {@code ok}, without calling a back end.
 * </ul>
 *
 * A back end that fails makes the page a 500 whose plain-text body says which call failed and why.
 */
final class WebRoutes implements HttpHandler {

  private static final String HTML = "text/html; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json";

  private final Bookstore bookstore;

  WebRoutes(Bookstore bookstore) {
    this.bookstore = bookstore;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, TEXT, "only GET is served here\n");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      try {
        route(exchange, path);
      } catch (BackendException e) {
        send(exchange, 500, TEXT, e.getMessage() + "\n");
      } catch (RuntimeException e) {
        // Without an answer the JDK server would just close the connection, telling nobody why.
        send(exchange, 500, TEXT, "web: internal error: " + e + "\n");
      }
    }
  }

  private void route(HttpExchange exchange, String path) throws IOException {
    if (path.equals("/")) {
      send(exchange, 200, HTML, Pages.index(bookstore.listBooks(), authorNames()));
    } else if (path.equals("/api/books")) {
      send(exchange, 200, JSON, BooksJson.of(bookstore.listBooks(), authorNames()));
    } else if (path.equals("/healthz")) {
      send(exchange, 200, TEXT, "ok\n");
    } else if (path.startsWith("/books/")) {
      book(exchange, path.substring("/books/".length()));
    } else {
      send(exchange, 404, TEXT, "no page at " + path + "\n");
    }
  }

  private void book(HttpExchange exchange, String idText) throws IOException {
    Optional<Book> book = parseId(idText).flatMap(bookstore::getBook);
    if (book.isEmpty()) {
      send(exchange, 404, TEXT, "no book with id " + idText + "\n");
      return;
    }
    Author author = bookstore.getAuthor(book.get().getAuthorId());
    send(exchange, 200, HTML, Pages.book(book.get(), author));
  }

  private Map<Integer, String> authorNames() {
    List<Author> authors = bookstore.listAuthors();
    return authors.stream().collect(Collectors.toMap(Author::getId, Author::getName));
  }

  private static Optional<Integer> parseId(String text) {
    if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(text));
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
