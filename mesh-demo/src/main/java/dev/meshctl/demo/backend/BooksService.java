package dev.meshctl.demo.backend;

import dev.meshctl.demo.bookstore.Book;
import dev.meshctl.demo.bookstore.BooksGrpc;
import dev.meshctl.demo.bookstore.GetBookRequest;
import dev.meshctl.demo.bookstore.ListBooksRequest;
import dev.meshctl.demo.bookstore.ListBooksResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/** The books workload's gRPC service, {@code bookstore.Books}, over the {@link Catalog}. */
public final class BooksService extends BooksGrpc.BooksImplBase {

  private final Catalog catalog;

  public BooksService(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public void listBooks(ListBooksRequest request, StreamObserver<ListBooksResponse> response) {
    response.onNext(ListBooksResponse.newBuilder().addAllBooks(catalog.books()).build());
    response.onCompleted();
  }

  @Override
  public void getBook(GetBookRequest request, StreamObserver<Book> response) {
    Optional<Book> book = catalog.book(request.getId());
    if (book.isEmpty()) {
      response.onError(
          Status.NOT_FOUND
              .withDescription("books: no book with id " + request.getId())
              .asRuntimeException());
      return;
    }
    response.onNext(book.get());
    response.onCompleted();
  }
}
