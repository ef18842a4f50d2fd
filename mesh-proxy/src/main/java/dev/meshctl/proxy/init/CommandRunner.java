package dev.meshctl.proxy.init;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs a command to its end: the seam between {@link Iptables} and the operating system. */
interface CommandRunner {

  /**
   * Runs {@code command} with {@code stdin} (may be empty) as its standard input.
   *
   * @throws IOException when the command cannot be started
   */
  Result run(List<String> command, String stdin) throws IOException, InterruptedException;

  /** How a command ended. */
  record Result(int exitCode, String stdout, String stderr) {}

  /** Runs commands as processes. */
  static CommandRunner processes() {
    return (command, stdin) -> {
      Process process = new ProcessBuilder(command).start();
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      CompletableFuture<String> out =
          CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      int code = process.waitFor();
      return new Result(code, out.join(), err.join());
    };
  }

  private static String readAll(InputStream stream) {
    try {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
