package dev.meshctl.demo.backend;

import dev.meshctl.demo.bookstore.Author;
import dev.meshctl.demo.bookstore.Book;
import java.util.List;
import java.util.Optional;

/**
 * The demo's fixed data: a dozen classic books and their authors, served by the books and authors
 * workloads. Immutable; books refer to authors by id.
 */
public final class Catalog {

  private final List<Book> books;
  private final List<Author> authors;

  Catalog(List<Book> books, List<Author> authors) {
    this.books = List.copyOf(books);
    this.authors = List.copyOf(authors);
  }

  /** The catalogue every workload of the demo uses. */
  public static Catalog standard() {
    return new Catalog(
        List.of(
            book(1, "Pride and Prejudice", 1, 1813),
            book(2, "Emma", 1, 1815),
            book(3, "Frankenstein", 2, 1818),
            book(4, "Jane Eyre", 3, 1847),
            book(5, "Moby-Dick", 4, 1851),
            book(6, "A Tale of Two Cities", 5, 1859),
            book(7, "Great Expectations", 5, 1861),
            book(8, "Crime and Punishment", 6, 1866),
            book(9, "War and Peace", 7, 1869),
            book(10, "Middlemarch", 8, 1871),
            book(11, "Anna Karenina", 7, 1878),
            book(12, "The Brothers Karamazov", 6, 1880)),
        List.of(
            author(1, "Jane Austen"),
            author(2, "Mary Shelley"),
            author(3, "Charlotte Brontë"),
            author(4, "Herman Melville"),
            author(5, "Charles Dickens"),
            author(6, "Fyodor Dostoevsky"),
            author(7, "Leo Tolstoy"),
            author(8, "George Eliot")));
  }

  /** Every book, ordered by id. */
  public List<Book> books() {
    return books;
  }

  /** Every author, ordered by id. */
  public List<Author> authors() {
    return authors;
  }

  public Optional<Book> book(int id) {
    return books.stream().filter(book -> book.getId() == id).findFirst();
  }

  public Optional<Author> author(int id) {
    return authors.stream().filter(author -> author.getId() == id).findFirst();
  }

  private static Book book(int id, String title, int authorId, int year) {
    return Book.newBuilder().setId(id).setTitle(title).setAuthorId(authorId).setYear(year).build();
  }

  private static Author author(int id, String name) {
    return Author.newBuilder().setId(id).setName(name).build();
  }
}
