package dev.meshctl.proxy.init;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Waits until the proxy beside it is ready: polls {@code http://127.0.0.1:<port>/ready} until it
 * answers 200, or gives up after the timeout. The classic sidecar's {@code postStart} hook (the
 * proxy image has no curl), so that the application container starts only once the proxy that its
 * traffic is redirected to can take it.
 */
public final class AwaitReady {

  static final int EXIT_READY = 0;

  /** Not ready within the timeout. */
  static final int EXIT_NOT_READY = 1;

  /** Bad command line. */
  static final int EXIT_USAGE = 2;

  static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private static final int ATTEMPT_TIMEOUT_MILLIS = 1000;

  static final String USAGE =
      """
      Usage: AwaitReady [--port PORT] [--timeout DURATION] [--help]

      Polls http://127.0.0.1:PORT/ready, the proxy's admin server, every 200 ms until it answers
      200; for a sidecar's postStart hook.

      Options (--name VALUE or --name=VALUE):
        --port PORT          the proxy's admin port (default 4191)
        --timeout DURATION   how long to wait: a whole number and ms, s, m or h (default 120s)
        --help               print this help

      Exit codes: 0 ready, 1 not ready within the timeout, 2 bad command line.
      """;

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

  private AwaitReady() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, Arrays.asList(args), POLL_INTERVAL));
  }

  /** Runs with the given streams and poll interval; returns the exit code. */
  static int run(PrintStream out, PrintStream err, List<String> args, Duration pollInterval) {
    int port = 4191;
    Duration timeout = Duration.ofSeconds(120);
    List<String> rest = new ArrayList<>(args);
    try {
      while (!rest.isEmpty()) {
        String arg = rest.remove(0);
        int eq = arg.indexOf('=');
        String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
        String inline = name.equals(arg) ? null : arg.substring(eq + 1);
        switch (name) {
          case "--help", "-h" -> {
            out.print(USAGE);
            return EXIT_READY;
          }
          case "--port" -> port = port(value(name, inline, rest));
          case "--timeout" -> timeout = duration(value(name, inline, rest));
          default ->
              throw new UsageException(
                  (arg.startsWith("-") ? "unknown option " : "unexpected argument ") + arg);
        }
      }
    } catch (UsageException e) {
      err.println("AwaitReady: " + e.getMessage() + " (see --help)");
      return EXIT_USAGE;
    }
    return await(
        out, err, URI.create("http://127.0.0.1:" + port + "/ready"), timeout, pollInterval);
  }

  private static int await(
      PrintStream out, PrintStream err, URI uri, Duration timeout, Duration pollInterval) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String last = "no answer yet";
    while (true) {
      try {
        int status = status(uri);
        if (status == 200) {
          out.println(
              "AwaitReady: the proxy is ready ("
                  + uri
                  + " answered 200 after "
                  + (System.nanoTime() - start) / 1_000_000
                  + " ms)");
          return EXIT_READY;
        }
        last = "the last answer was " + status;
      } catch (ConnectException e) {
        last = "the last attempt could not connect (" + e.getMessage() + ")";
      } catch (SocketTimeoutException e) {
        last = "the last attempt timed out";
      } catch (IOException e) {
        last = "the last attempt failed: " + e;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        err.println(
            "AwaitReady: the proxy was not ready within "
                + format(timeout)
                + ": "
                + uri
                + " "
                + last);
        return EXIT_NOT_READY;
      }
      try {
        Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(), remaining / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        err.println("AwaitReady: interrupted while waiting for " + uri);
        return EXIT_NOT_READY;
      }
    }
  }

  /** One {@code GET}, at most a second to connect and a second to answer; no proxy. */
  private static int status(URI uri) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) uri.toURL().openConnection(java.net.Proxy.NO_PROXY);
    connection.setConnectTimeout(ATTEMPT_TIMEOUT_MILLIS);
    connection.setReadTimeout(ATTEMPT_TIMEOUT_MILLIS);
    connection.setUseCaches(false);
    try {
      int status = connection.getResponseCode();
      try (InputStream body =
          status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        if (body != null) {
          body.readAllBytes();
        }
      }
      return status;
    } finally {
      connection.disconnect();
    }
  }

  private static String value(String name, String inline, List<String> rest) {
    if (inline != null) {
      return inline;
    }
    if (rest.isEmpty() || rest.get(0).startsWith("--")) {
      throw new UsageException(name + " needs a value");
    }
    return rest.remove(0);
  }

  private static int port(String value) {
    String v = value.trim();
    if (!v.matches("[0-9]{1,5}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 65535) {
      throw new UsageException("--port " + value + ": expected a port, 1 to 65535");
    }
    return Integer.parseInt(v);
  }

  private static Duration duration(String value) {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new UsageException(
          "--timeout " + value + ": expected a positive duration such as 500ms, 30s or 2m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
