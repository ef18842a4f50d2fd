package dev.meshctl.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged proxy jar run as its own process, as a pod runs it, with its output in a file. */
final class ProxyProcess implements AutoCloseable {

  static final Path ROOT =
      Path.of(System.getProperty("meshctl.root", "..")).toAbsolutePath().normalize();
  static final Path JAR = ROOT.resolve("mesh-proxy/target/mesh-proxy.jar");

  final Process process;
  final Path log;

  private ProxyProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static ProxyProcess start(Map<String, String> env, String... jvmOptions) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(SpringAppLaunchIT.javaBin());
    command.addAll(List.of(jvmOptions));
    command.add("-jar");
    command.add(JAR.toString());
    Path log = Files.createTempFile("mesh-proxy", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("MESH_PROXY_"));
    builder.environment().putAll(env);
    return new ProxyProcess(builder.start(), log);
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  int waitForExit(int seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("mesh-proxy did not exit within " + seconds + " s");
    }
    return process.exitValue();
  }

  static HttpResponse<String> get(HttpClient http, String uri)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(log);
  }
}
