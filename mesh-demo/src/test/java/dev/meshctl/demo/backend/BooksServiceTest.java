package dev.meshctl.demo.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.demo.HostPort;
import dev.meshctl.demo.bookstore.Book;
import dev.meshctl.demo.bookstore.BooksGrpc;
import dev.meshctl.demo.bookstore.GetBookRequest;
import dev.meshctl.demo.bookstore.ListBooksRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The books service on a real server, called by a real gRPC client over loopback. */
class BooksServiceTest {

  private GrpcWorkload server;
  private ManagedChannel channel;
  private BooksGrpc.BooksBlockingStub books;

  @BeforeEach
  void start() {
    server =
        GrpcWorkload.start(
            "books", new HostPort("127.0.0.1", 0), new BooksService(Catalog.standard()));
    channel =
        NettyChannelBuilder.forAddress(server.address().socketAddress()).usePlaintext().build();
    books = BooksGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void listBooks_answersTheDozenBooksInIdOrder() {
    List<Book> listed = books.listBooks(ListBooksRequest.getDefaultInstance()).getBooksList();

    assertThat(listed).hasSize(12);
    assertThat(listed)
        .extracting(Book::getId)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    assertThat(listed).allSatisfy(book -> assertThat(book.getTitle()).isNotBlank());
    assertThat(listed).allSatisfy(book -> assertThat(book.getAuthorId()).isBetween(1, 8));
    assertThat(listed.get(0).getTitle()).isEqualTo("Pride and Prejudice");
    assertThat(listed.get(0).getYear()).isEqualTo(1813);
  }

  @Test
  void getBook_answersTheBookWithThatId() {
    Book book = books.getBook(GetBookRequest.newBuilder().setId(5).build());

    assertThat(book.getTitle()).isEqualTo("Moby-Dick");
    assertThat(book.getAuthorId()).isEqualTo(4);
    assertThat(book.getYear()).isEqualTo(1851);
  }

  @Test
  void getBook_ofAnUnknownId_isNotFound() {
    assertThatThrownBy(() -> books.getBook(GetBookRequest.newBuilder().setId(13).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).isEqualTo("books: no book with id 13");
            });
  }
}
