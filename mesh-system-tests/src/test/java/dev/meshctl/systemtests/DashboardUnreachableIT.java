package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard when its controller is down: the packaged web app started with {@code
 * --mesh.web.controller-api} pointing at a loopback port nobody listens on, its pages opened in
 * Debian's headless chromium. Every page that shows metrics must say so in {@code
 * #controller-unreachable} and show no metric table, rather than empty numbers.
 */
class DashboardUnreachableIT {

  private static final Path JAR = LocalDemo.root().resolve("mesh-web-app/target/mesh-web-app.jar");
  private static final Path SCREENSHOTS =
      LocalDemo.root().resolve("mesh-system-tests/target/screenshots");

  @Test
  void everyMetricsPage_saysTheControllerIsUnreachable_andShowsNoNumbers() throws Exception {
    int webPort = SpringAppLaunchIT.freePort();
    int adminPort = SpringAppLaunchIT.freePort();
    int deadControllerPort = SpringAppLaunchIT.freePort();
    Path log = Files.createTempFile("mesh-web-app", ".log");
    Process web =
        new ProcessBuilder(
                SpringAppLaunchIT.javaBin(),
                "-Xmx128m",
                "-jar",
                JAR.toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + webPort,
                "--management.server.port=" + adminPort,
                "--mesh.web.controller-api=http://127.0.0.1:" + deadControllerPort)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ChromeDriver browser = null;
    try {
      awaitReady(web, adminPort);
      browser = HeadlessChromium.start();
      for (String page :
          List.of(
              "/",
              "/namespaces/demo",
              "/namespaces/demo/deployment/web",
              "/namespaces/demo/topology")) {
        browser.get("http://127.0.0.1:" + webPort + page);
        assertThat(browser.findElements(By.cssSelector("main#content"))).as(page).hasSize(1);
        List<WebElement> notice = browser.findElements(By.id("controller-unreachable"));
        assertThat(notice).as("#controller-unreachable on " + page).hasSize(1);
        assertThat(notice.get(0).getText()).as(page).containsIgnoringCase("controller");
        assertThat(
                browser.findElements(
                    By.cssSelector(
                        "table#namespaces, table#workloads, table#routes, table#edges-in,"
                            + " table#edges-out, svg#topology")))
            .as("metric tables on " + page)
            .isEmpty();
      }
    } catch (Throwable failure) {
      failure.addSuppressed(new AssertionError("the web app printed:\n" + Files.readString(log)));
      throw failure;
    } finally {
      if (browser != null) {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(
            browser.getScreenshotAs(OutputType.FILE).toPath(),
            SCREENSHOTS.resolve("DashboardUnreachableIT.png"),
            StandardCopyOption.REPLACE_EXISTING);
        browser.quit();
      }
      web.destroy();
      if (!web.waitFor(30, TimeUnit.SECONDS)) {
        web.destroyForcibly();
      }
      Files.deleteIfExists(log);
    }
  }

  private static void awaitReady(Process web, int adminPort) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI readiness = URI.create("http://127.0.0.1:" + adminPort + "/actuator/health/readiness");
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptionsInstanceOf(IOException.class)
        .failFast("the web app exited while starting", () -> !web.isAlive())
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(readiness)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
  }
}
