package dev.meshctl.demo.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.demo.HostPort;
import dev.meshctl.demo.bookstore.Author;
import dev.meshctl.demo.bookstore.AuthorsGrpc;
import dev.meshctl.demo.bookstore.GetAuthorRequest;
import dev.meshctl.demo.bookstore.ListAuthorsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The authors service on a real server, called by a real gRPC client over loopback. */
class AuthorsServiceTest {

  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void getAuthor_failsWithUnavailable_forTheConfiguredShareOfCalls() {
    AuthorsGrpc.AuthorsBlockingStub authors = start(0.2);

    int failures = 0;
    int calls = 500;
    for (int i = 0; i < calls; i++) {
      int id = 1 + i % 8;
      try {
        Author author = authors.getAuthor(GetAuthorRequest.newBuilder().setId(id).build());
        assertThat(author.getId()).isEqualTo(id);
        assertThat(author.getName()).isNotBlank();
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).isEqualTo("authors: simulated failure");
        failures++;
      }
    }

    assertThat(failures / (double) calls).isBetween(0.17, 0.23);
  }

  @Test
  void listAuthors_neverFails_whileGetAuthorDoes() {
    AuthorsGrpc.AuthorsBlockingStub authors = start(0.5);

    for (int i = 0; i < 500; i++) {
      List<Author> listed =
          authors.listAuthors(ListAuthorsRequest.getDefaultInstance()).getAuthorsList();
      assertThat(listed).hasSize(8);
    }
    // GetAuthor still fails on its share: the ListAuthors calls did not use up the schedule.
    assertThatThrownBy(
            () -> {
              authors.getAuthor(GetAuthorRequest.newBuilder().setId(1).build());
              authors.getAuthor(GetAuthorRequest.newBuilder().setId(1).build());
            })
        .isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void getAuthor_withAFailureRateOfZero_neverFails_andAnUnknownIdIsNotFound() {
    AuthorsGrpc.AuthorsBlockingStub authors = start(0);

    for (int i = 0; i < 100; i++) {
      assertThat(authors.getAuthor(GetAuthorRequest.newBuilder().setId(7).build()).getName())
          .isEqualTo("Leo Tolstoy");
    }
    assertThatThrownBy(() -> authors.getAuthor(GetAuthorRequest.newBuilder().setId(99).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  private AuthorsGrpc.AuthorsBlockingStub start(double failureRate) {
    GrpcWorkload server =
        GrpcWorkload.start(
            "authors",
            new HostPort("127.0.0.1", 0),
            new AuthorsService(Catalog.standard(), FailureSchedule.evenlySpread(failureRate)));
    closing.add(server);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(server.address().socketAddress()).usePlaintext().build();
    closing.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return AuthorsGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }
}
