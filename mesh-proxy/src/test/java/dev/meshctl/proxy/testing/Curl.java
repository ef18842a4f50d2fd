package dev.meshctl.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code curl} binary and reads what it got: every response head it dumped (interim
 * ones too, and trailers), and the body streamed through a SHA-256 so that a large one is never
 * held in memory (only its first 64 KiB are kept as text).
 */
public final class Curl {

  /** One response head from curl's header dump, with the trailers that followed it, if any. */
  public record Head(int status, Map<String, List<String>> headers, Map<String, String> trailers) {

    /** The first value of a header (names are case-insensitive), or null. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }
  }

  /**
   * What one run of curl produced.
   *
   * @param exitCode curl's exit code (0, or e.g. 18 for a body cut short)
   * @param heads the response heads in order, interim ones included
   * @param bodyBytes how many body bytes curl wrote to stdout
   * @param bodySha256 their hex SHA-256
   * @param body the first 64 KiB of them as UTF-8
   * @param stderr curl's error and verbose output
   */
  public record Result(
      int exitCode,
      List<Head> heads,
      long bodyBytes,
      String bodySha256,
      String body,
      String stderr) {

    /** The final (non-interim) response head, or null when there is none. */
    public Head last() {
      for (int i = heads.size() - 1; i >= 0; i--) {
        if (heads.get(i).status() >= 200 || heads.get(i).status() == 101) {
          return heads.get(i);
        }
      }
      return null;
    }

    public int status() {
      Head last = last();
      return last == null ? 0 : last.status();
    }

    public String header(String name) {
      Head last = last();
      return last == null ? null : last.header(name);
    }
  }

  private static final int KEPT_BODY = 64 * 1024;

  private Curl() {}

  public static Result run(String... args) {
    return run(null, List.of(args));
  }

  /**
   * Runs curl with {@code -sS}, a 30 s time limit and a header dump added to {@code args}.
   *
   * @param stdin streamed to curl's standard input (for {@code -T -}), or null for none
   */
  public static Result run(InputStream stdin, List<String> args) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("curl");
      Path headerDump = dir.resolve("headers");
      Path stderr = dir.resolve("stderr");
      List<String> command = new ArrayList<>();
      command.add("/usr/bin/curl");
      command.add("-sS");
      command.add("--max-time");
      command.add("30");
      command.add("-D");
      command.add(headerDump.toString());
      command.addAll(args);
      Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      Thread feeder = feed(process, stdin);
      MessageDigest digest = Payload.newDigest();
      long total = 0;
      StringBuilder kept = new StringBuilder();
      try (InputStream out = process.getInputStream()) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = out.read(buffer)) != -1; ) {
          digest.update(buffer, 0, n);
          if (total < KEPT_BODY) {
            kept.append(
                new String(
                    buffer, 0, (int) Math.min(n, KEPT_BODY - total), StandardCharsets.UTF_8));
          }
          total += n;
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("curl did not end: " + command);
      }
      feeder.join(10_000);
      return new Result(
          process.exitValue(),
          parseHeads(Files.exists(headerDump) ? Files.readString(headerDump) : ""),
          total,
          Payload.hex(digest),
          kept.toString(),
          Files.readString(stderr));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static Thread feed(Process process, InputStream stdin) {
    Thread feeder =
        new Thread(
            () -> {
              try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                  stdin.transferTo(in);
                }
              } catch (IOException e) {
                // curl ended early (e.g. the response came before the whole body): nothing to do
              }
            },
            "curl-stdin");
    feeder.setDaemon(true);
    feeder.start();
    return feeder;
  }

  /** Splits curl's header dump into heads; lines after a head's blank line are its trailers. */
  static List<Head> parseHeads(String dump) {
    List<Head> heads = new ArrayList<>();
    Map<String, List<String>> headers = null;
    Map<String, String> trailers = null;
    int status = 0;
    boolean inTrailers = false;
    for (String raw : dump.split("\n", -1)) {
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      if (line.startsWith("HTTP/")) {
        if (headers != null) {
          heads.add(new Head(status, headers, trailers));
        }
        status = Integer.parseInt(line.split(" ")[1].trim());
        headers = new LinkedHashMap<>();
        trailers = new LinkedHashMap<>();
        inTrailers = false;
      } else if (line.isEmpty()) {
        inTrailers = headers != null;
      } else if (headers != null) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
          String value = line.substring(colon + 1).trim();
          if (inTrailers) {
            trailers.put(name, value);
          } else {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
          }
        }
      }
    }
    if (headers != null) {
      heads.add(new Head(status, headers, trailers));
    }
    return heads;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
