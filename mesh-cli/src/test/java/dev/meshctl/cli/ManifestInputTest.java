package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestInputTest {

  @TempDir Path folder;

  @Test
  void dash_readsStdin() {
    var stdin = new ByteArrayInputStream("kind: Service\n".getBytes(StandardCharsets.UTF_8));

    assertThat(ManifestInput.read("-", stdin)).isEqualTo("kind: Service\n");
  }

  @Test
  void url_isFetched_andAnErrorStatusFails() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/app.yaml",
        exchange -> {
          byte[] body = "kind: Pod\n".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();

      assertThat(ManifestInput.read(base + "/app.yaml", null)).isEqualTo("kind: Pod\n");
      assertThatThrownBy(() -> ManifestInput.read(base + "/missing.yaml", null))
          .isInstanceOf(UserFacingException.class)
          .hasMessageContaining("answered 404");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aMissingFile_isAUsageError() {
    assertThatThrownBy(() -> ManifestInput.read(folder.resolve("none.yaml").toString(), null))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("no such file: ");
  }

  @Test
  void split_keepsDocumentsAndDropsALeadingSeparator() {
    assertThat(ManifestRewriter.split("---\na: 1\n--- # second\nb: 2\n---\n"))
        .containsExactly("a: 1\n", "b: 2\n", "");
  }
}
