package dev.meshctl.demo.web;

import dev.meshctl.demo.bookstore.Author;
import dev.meshctl.demo.bookstore.Book;
import java.util.List;
import java.util.Map;

/** The web workload's HTML: the list of books and one book's page. Every value is escaped. */
final class Pages {

  private Pages() {}

  /** {@code /}: every book with its author and year, each linking to its own page. */
  static String index(List<Book> books, Map<Integer, String> authorNames) {
    StringBuilder rows = new StringBuilder();
    for (Book book : books) {
      rows.append("<tr><td><a href=\"/books/")
          .append(book.getId())
          .append("\">")
          .append(escape(book.getTitle()))
          .append("</a></td><td>")
          .append(escape(authorNames.getOrDefault(book.getAuthorId(), "unknown author")))
          .append("</td><td>")
          .append(book.getYear())
          .append("</td></tr>\n");
    }
    return page(
        "Books",
        "<h1>Books</h1>\n<table>\n<tr><th>Title</th><th>Author</th><th>Year</th></tr>\n"
            + rows
            + "</table>\n");
  }

  /** {@code /books/{id}}: one book and its author. */
  static String book(Book book, Author author) {
    return page(
        book.getTitle(),
        "<h1>"
            + escape(book.getTitle())
            + "</h1>\n<p>by "
            + escape(author.getName())
            + ", "
            + book.getYear()
            + "</p>\n<p><a href=\"/\">All books</a></p>\n");
  }

  private static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + " - bookstore</title></head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
