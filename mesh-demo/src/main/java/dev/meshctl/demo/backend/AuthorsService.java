package dev.meshctl.demo.backend;

import dev.meshctl.demo.bookstore.Author;
import dev.meshctl.demo.bookstore.AuthorsGrpc;
import dev.meshctl.demo.bookstore.GetAuthorRequest;
import dev.meshctl.demo.bookstore.ListAuthorsRequest;
import dev.meshctl.demo.bookstore.ListAuthorsResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/**
 * The authors workload's gRPC service, {@code bookstore.Authors}: {@code GetAuthor} fails with
 * {@code UNAVAILABLE} when its {@link FailureSchedule} says so (which the proxy classifies as a
 * failure, like any non-zero {@code grpc-status}); {@code ListAuthors} never fails.
 */
public final class AuthorsService extends AuthorsGrpc.AuthorsImplBase {

  /** The description of every simulated failure, so that it is told apart from a real one. */
  public static final String SIMULATED_FAILURE = "authors: simulated failure";

  private final Catalog catalog;
  private final FailureSchedule failures;

  public AuthorsService(Catalog catalog, FailureSchedule failures) {
    this.catalog = catalog;
    this.failures = failures;
  }

  @Override
  public void getAuthor(GetAuthorRequest request, StreamObserver<Author> response) {
    if (failures.nextFails()) {
      response.onError(Status.UNAVAILABLE.withDescription(SIMULATED_FAILURE).asRuntimeException());
      return;
    }
    Optional<Author> author = catalog.author(request.getId());
    if (author.isEmpty()) {
      response.onError(
          Status.NOT_FOUND
              .withDescription("authors: no author with id " + request.getId())
              .asRuntimeException());
      return;
    }
    response.onNext(author.get());
    response.onCompleted();
  }

  @Override
  public void listAuthors(
      ListAuthorsRequest request, StreamObserver<ListAuthorsResponse> response) {
    response.onNext(ListAuthorsResponse.newBuilder().addAllAuthors(catalog.authors()).build());
    response.onCompleted();
  }
}
