package dev.meshctl.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** How the local mesh tells that one of its processes is ready to serve. */
interface ReadinessProbe {

  boolean ready();

  /** What is checked, in words, for messages such as "not ready after 60s: ...". */
  String description();

  HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /** Ready when a GET of {@code url} answers 200. */
  static ReadinessProbe http(URI url) {
    return new ReadinessProbe() {
      @Override
      public boolean ready() {
        try {
          HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build();
          return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }

      @Override
      public String description() {
        return "GET " + url + " answers 200";
      }
    };
  }

  /** Ready once the process's log has a line starting with {@code prefix}. */
  static ReadinessProbe logLine(Path log, String prefix) {
    return new ReadinessProbe() {
      @Override
      public boolean ready() {
        try {
          return Files.readString(log, StandardCharsets.UTF_8)
              .lines()
              .anyMatch(line -> line.startsWith(prefix));
        } catch (IOException | java.io.UncheckedIOException e) {
          return false;
        }
      }

      @Override
      public String description() {
        return "a line starting with \"" + prefix + "\" in " + log;
      }
    };
  }
}
