package dev.meshctl.demo;

import dev.meshctl.demo.backend.BooksService;
import dev.meshctl.demo.backend.Catalog;
import dev.meshctl.demo.backend.GrpcWorkload;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mesh-demo books}: serves the gRPC service {@code bookstore.Books}. */
@Command(
    name = "books",
    mixinStandardHelpOptions = true,
    header = "The books back end: gRPC service bookstore.Books.",
    description = {
      "Serve the gRPC service bookstore.Books (plaintext HTTP/2): ListBooks lists a dozen books,",
      "GetBook(id) answers one, or NOT_FOUND for an unknown id."
    },
    footer = {"", "Example:", "  java -jar mesh-demo.jar books --listen 127.0.0.1:8081"})
final class BooksCommand implements Callable<Integer> {

  @ParentCommand private DemoCommand parent;
  @Spec private CommandSpec spec;
  @Mixin private ListenOption listen;

  @Override
  public Integer call() {
    try (GrpcWorkload server =
        GrpcWorkload.start("books", listen.address, new BooksService(Catalog.standard()))) {
      return Serving.untilTerminated(
          spec.commandLine().getOut(),
          "books listening on " + server.address(),
          parent.termination());
    }
  }
}
