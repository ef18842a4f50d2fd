package dev.meshctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/** Reads the manifests {@code inject} and {@code uninject} take: a file, a URL, or stdin. */
final class ManifestInput {

  static final String STDIN = "-";

  private ManifestInput() {}

  /** The text of {@code source}: {@code -} for {@code stdin}, an http(s) URL, else a file. */
  static String read(String source, InputStream stdin) {
    if (STDIN.equals(source)) {
      try {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserFacingException("cannot read stdin: " + e.getMessage(), e);
      }
    }
    if (source.startsWith("http://") || source.startsWith("https://")) {
      return fetch(source);
    }
    try {
      return Files.readString(Path.of(source));
    } catch (NoSuchFileException e) {
      throw new UsageException("no such file: " + source);
    } catch (IOException e) {
      throw new UsageException("cannot read " + source + ": " + e.getMessage());
    }
  }

  private static String fetch(String url) {
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new UserFacingException(url + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IllegalArgumentException e) {
      throw new UsageException("not a URL: " + url);
    } catch (IOException e) {
      throw new UserFacingException("cannot fetch " + url + ": " + KubernetesErrors.reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted while fetching " + url, e);
    }
  }
}
