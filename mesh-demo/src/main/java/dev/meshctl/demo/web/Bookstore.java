package dev.meshctl.demo.web;

import dev.meshctl.demo.HostPort;
import dev.meshctl.demo.bookstore.Author;
import dev.meshctl.demo.bookstore.AuthorsGrpc;
import dev.meshctl.demo.bookstore.Book;
import dev.meshctl.demo.bookstore.BooksGrpc;
import dev.meshctl.demo.bookstore.GetAuthorRequest;
import dev.meshctl.demo.bookstore.GetBookRequest;
import dev.meshctl.demo.bookstore.ListAuthorsRequest;
import dev.meshctl.demo.bookstore.ListBooksRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The web workload's client of the two back ends, {@code bookstore.Books} and {@code
 * bookstore.Authors}: blocking calls with a deadline each, so that a page never waits on a back end
 * for longer than that; a failed call is a {@link BackendException}.
 */
public final class Bookstore implements AutoCloseable {

  private final ManagedChannel booksChannel;
  private final ManagedChannel authorsChannel;
  private final Duration deadline;

  Bookstore(ManagedChannel booksChannel, ManagedChannel authorsChannel, Duration deadline) {
    this.booksChannel = booksChannel;
    this.authorsChannel = authorsChannel;
    this.deadline = deadline;
  }

  /**
   * Channels to both back ends, directly or through {@code outbound} (see {@link BackendChannels}).
   */
  public static Bookstore connect(
      HostPort books, HostPort authors, Optional<HostPort> outbound, Duration deadline) {
    return new Bookstore(
        BackendChannels.open(books, outbound), BackendChannels.open(authors, outbound), deadline);
  }

  List<Book> listBooks() {
    return call(
        "books ListBooks",
        () -> books().listBooks(ListBooksRequest.getDefaultInstance()).getBooksList());
  }

  /** The book, or empty when the books service does not know the id. */
  Optional<Book> getBook(int id) {
    try {
      return Optional.of(
          call(
              "books GetBook",
              () -> books().getBook(GetBookRequest.newBuilder().setId(id).build())));
    } catch (BackendException e) {
      if (e.code() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  Author getAuthor(int id) {
    return call(
        "authors GetAuthor",
        () -> authors().getAuthor(GetAuthorRequest.newBuilder().setId(id).build()));
  }

  List<Author> listAuthors() {
    return call(
        "authors ListAuthors",
        () -> authors().listAuthors(ListAuthorsRequest.getDefaultInstance()).getAuthorsList());
  }

  private BooksGrpc.BooksBlockingStub books() {
    return BooksGrpc.newBlockingStub(booksChannel)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private AuthorsGrpc.AuthorsBlockingStub authors() {
    return AuthorsGrpc.newBlockingStub(authorsChannel)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static <T> T call(String name, Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw new BackendException(name, e.getStatus());
    }
  }

  @Override
  public void close() {
    booksChannel.shutdown();
    authorsChannel.shutdown();
    try {
      if (!booksChannel.awaitTermination(2, TimeUnit.SECONDS)) {
        booksChannel.shutdownNow();
      }
      if (!authorsChannel.awaitTermination(2, TimeUnit.SECONDS)) {
        authorsChannel.shutdownNow();
      }
    } catch (InterruptedException e) {
      booksChannel.shutdownNow();
      authorsChannel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
