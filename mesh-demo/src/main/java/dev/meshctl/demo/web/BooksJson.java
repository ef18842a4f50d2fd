package dev.meshctl.demo.web;

import dev.meshctl.demo.bookstore.Book;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code /api/books}: {@code {"books": [{"id": 1, "title": "...", "authorId": 1,
 * "author": "...", "year": 1813}, ...]}}. Written by hand: the demo keeps its dependencies to gRPC
 * and picocli so that it starts small.
 */
final class BooksJson {

  private BooksJson() {}

  static String of(List<Book> books, Map<Integer, String> authorNames) {
    StringBuilder json = new StringBuilder("{\"books\":[");
    for (int i = 0; i < books.size(); i++) {
      Book book = books.get(i);
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"id\":")
          .append(book.getId())
          .append(",\"title\":")
          .append(string(book.getTitle()))
          .append(",\"authorId\":")
          .append(book.getAuthorId())
          .append(",\"author\":")
          .append(
              authorNames.containsKey(book.getAuthorId())
                  ? string(authorNames.get(book.getAuthorId()))
                  : "null")
          .append(",\"year\":")
          .append(book.getYear())
          .append('}');
    }
    return json.append("]}").toString();
  }

  /** A JSON string literal (RFC 8259 section 7). */
  static String string(String text) {
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
