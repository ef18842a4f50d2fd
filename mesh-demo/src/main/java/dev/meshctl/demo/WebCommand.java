package dev.meshctl.demo;

import dev.meshctl.demo.web.Bookstore;
import dev.meshctl.demo.web.WebServer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mesh-demo web}: the HTTP/1.1 front end, a client of books and authors over gRPC. */
@Command(
    name = "web",
    mixinStandardHelpOptions = true,
    header = "The HTTP/1.1 front end, calling books and authors over gRPC.",
    description = {
      "Serve the bookstore's pages over HTTP/1.1: / (the books with their authors),",
      "/books/{id} (one book; 500 when its author cannot be had), /api/books (JSON), /healthz.",
      "The back ends are called over gRPC (plaintext HTTP/2), each call with a 5 s deadline."
    },
    footer = {
      "",
      "Examples:",
      "  # back ends called directly",
      "  java -jar mesh-demo.jar web --listen 127.0.0.1:8080 \\",
      "      --books 127.0.0.1:8081 --authors 127.0.0.1:8082",
      "  # back ends called through the workload's own proxy",
      "  java -jar mesh-demo.jar web --listen 127.0.0.1:8080 \\",
      "      --outbound 127.0.0.1:4140 \\",
      "      --books books.demo.svc.cluster.local:8080 \\",
      "      --authors authors.demo.svc.cluster.local:8080"
    })
final class WebCommand implements Callable<Integer> {

  /** How long one page waits for one back-end call. */
  static final Duration CALL_DEADLINE = Duration.ofSeconds(5);

  @ParentCommand private DemoCommand parent;
  @Spec private CommandSpec spec;
  @Mixin private ListenOption listen;

  @Option(
      names = "--books",
      required = true,
      paramLabel = "HOST:PORT",
      converter = HostPortConverter.class,
      description =
          "The books service: its address, or with --outbound the authority to ask the proxy"
              + " for (e.g. books.demo.svc.cluster.local:8080).")
  private HostPort books;

  @Option(
      names = "--authors",
      required = true,
      paramLabel = "HOST:PORT",
      converter = HostPortConverter.class,
      description = "The authors service, as for --books.")
  private HostPort authors;

  @Option(
      names = "--outbound",
      paramLabel = "HOST:PORT",
      converter = HostPortConverter.class,
      description =
          "The outbound listener of the workload's proxy: every gRPC call goes there, with the"
              + " back end's authority as :authority.")
  private HostPort outbound;

  @Override
  public Integer call() {
    try (Bookstore bookstore =
            Bookstore.connect(books, authors, Optional.ofNullable(outbound), CALL_DEADLINE);
        WebServer server = WebServer.start(listen.address, bookstore)) {
      return Serving.untilTerminated(
          spec.commandLine().getOut(),
          "web listening on " + server.address(),
          parent.termination());
    }
  }
}
