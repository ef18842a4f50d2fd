package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a person sees it: {@code ./meshctl demo} runs the local mesh with its bookstore
 * traffic, and Debian's chromium (headless, through Selenium) opens the web app's pages at the URL
 * the demo wrote to {@code mesh.json}. Each page is checked through the DOM contract the pages
 * promise (ids, classes and {@code data-} attributes, see {@code mesh-web-app/README.md}), waiting
 * with a deadline for the numbers to arrive, since metrics fill in as traffic flows. A screenshot
 * of every test's last page is saved under {@code mesh-system-tests/target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

  private static final Duration METRICS_DEADLINE = Duration.ofSeconds(60);
  private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)");
  private static final Path SCREENSHOTS =
      LocalDemo.root().resolve("mesh-system-tests/target/screenshots");
  private static final String IDENTITY_SUFFIX =
      ".demo.serviceaccount.identity.meshctl-system.cluster.local";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LocalDemo demo;
  private ChromeDriver browser;
  private String dashboard;

  @BeforeAll
  void startDemoAndBrowser(@TempDir Path home) throws Exception {
    demo = LocalDemo.start(home);
    dashboard = demo.meshFileField("webUrl");
    browser = HeadlessChromium.start();
  }

  @AfterEach
  void screenshot(TestInfo test) throws IOException {
    if (browser == null) {
      return;
    }
    Files.createDirectories(SCREENSHOTS);
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    String name = "DashboardIT-" + test.getTestMethod().map(m -> m.getName()).orElse("test");
    Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (demo != null) {
        demo.close();
      }
    }
  }

  @Test
  @Order(1)
  void overview_listsDemoWithTraffic_andAHealthyControlPlane() {
    open("/");
    Row demoRow =
        await(
            "the overview to show namespace demo with a success rate and requests per second",
            () ->
                row(
                        "table#namespaces tr[data-namespace='demo']",
                        "td.meshed",
                        "td.success",
                        "td.rps",
                        "td.p99")
                    .filter(r -> r.number("td.rps").orElse(0.0) > 0)
                    .filter(r -> r.number("td.success").isPresent()));
    System.out.println("overview, demo: " + demoRow);
    assertThat(demoRow.text("td.rps")).endsWith("rps");
    assertThat(demoRow.text("td.meshed")).matches("\\d+/\\d+");
    assertThat(demoRow.text("td.success")).matches("\\d+(\\.\\d+)?%");
    assertThat(demoRow.text("td.p99")).matches("(\\d+(\\.\\d+)?ms|-)");
    assertThat(demoRow.link()).endsWith("/namespaces/demo");

    for (String component : List.of("controller", "identity")) {
      await(
          component + " to show as up in #control-plane",
          () ->
              row("#control-plane [data-component='" + component + "']", ".health")
                  .filter(r -> r.text(".health").equals("up")));
    }
  }

  @Test
  @Order(2)
  void namespacePage_listsTheFourWorkloads_marksTheFailingOne_andRefreshesInPlace() {
    open("/namespaces/demo");
    String[] cells = {"td.meshed", "td.success", "td.rps", "td.p50", "td.p95", "td.p99"};
    for (String workload : List.of("web", "books", "authors", "traffic")) {
      await("a row for workload " + workload, () -> row(workloadRow(workload), cells));
    }
    // authors fails about a fifth of GetAuthor: below the 95% target; books never fails.
    Row authors =
        await(
            "authors below the 95% target",
            () ->
                row(workloadRow("authors"), cells)
                    .filter(r -> r.number("td.success").filter(rate -> rate < 95.0).isPresent()));
    assertThat(authors.classes()).contains("below-target");
    Row books =
        await(
            "books with a success rate",
            () -> row(workloadRow("books"), cells).filter(r -> r.number("td.success").isPresent()));
    System.out.println("namespace demo: " + authors + " " + books);
    assertThat(books.number("td.success")).contains(100.0);
    assertThat(books.classes()).doesNotContain("below-target");
    for (String cell : cells) {
      assertThat(books.cells()).as(cell).containsKey(cell);
    }
    assertThat(books.link()).contains("/namespaces/demo/");

    // A marker only this page load carries, and a count of changes to the document: the page
    // must change while the marker survives, i.e. without a reload.
    js(
        "window.__sameLoad = true; window.__mutations = 0;"
            + "new MutationObserver(m => { window.__mutations += m.length; })"
            + ".observe(document.body, {childList: true, subtree: true, characterData: true});");
    await(
        "the workloads table to re-render by itself",
        () -> ((Number) js("return window.__mutations || 0")).longValue() > 0);
    assertThat(js("return window.__sameLoad === true")).as("no full reload").isEqualTo(true);
    assertThat(row(workloadRow("web"), cells)).isPresent();

    // Sorting by the column of the workloads' names (the one with the links): a click sorts, a
    // second click reverses, and the order holds across the live refreshes.
    long nameColumn =
        ((Number)
                js(
                    "for (const c of document.querySelector(arguments[0]).cells)"
                        + "  if (c.querySelector('a')) return c.cellIndex;"
                        + "return -1;",
                    workloadRow("web")))
            .longValue();
    assertThat(nameColumn).as("the column holding the workload links").isNotNegative();
    List<String> ascending = List.of("authors", "books", "traffic", "web");
    clickWorkloadsHeader((int) nameColumn);
    await("workloads sorted by name", () -> workloadOrder().equals(ascending));
    clickWorkloadsHeader((int) nameColumn);
    await(
        "workloads sorted by name the other way",
        () -> workloadOrder().equals(List.of("web", "traffic", "books", "authors")));
  }

  @Test
  @Order(3)
  void workloadPage_showsTheFailingRoute_securedEdgesBothWays_podsAndCharts() {
    open("/namespaces/demo/deployment/web");
    Row getAuthor =
        await(
            "route GetAuthor with a success rate below 100%",
            () ->
                row("table#routes tr[data-route='GetAuthor']", "td.success", "td.rps", "td.p99")
                    .filter(r -> r.number("td.success").filter(rate -> rate < 100.0).isPresent()));
    System.out.println("web, GetAuthor: " + getAuthor);
    assertThat(getAuthor.cells()).containsKeys("td.rps", "td.p99");

    String[] edgeCells = {"td.client-id", "td.server-id", "td.secured"};
    for (String peer : List.of("books", "authors")) {
      Row edge =
          await(
              "an outbound edge to " + peer,
              () -> row("table#edges-out tr[data-peer='" + peer + "']", edgeCells));
      assertThat(edge.text("td.client-id")).isEqualTo("web" + IDENTITY_SUFFIX);
      assertThat(edge.text("td.server-id")).isEqualTo(peer + IDENTITY_SUFFIX);
      assertThat(edge.text("td.secured")).isEqualTo("yes");
    }
    Row fromTraffic =
        await(
            "an inbound edge from traffic",
            () -> row("table#edges-in tr[data-peer='traffic']", edgeCells));
    assertThat(fromTraffic.text("td.client-id")).isEqualTo("traffic" + IDENTITY_SUFFIX);
    assertThat(fromTraffic.text("td.server-id")).isEqualTo("web" + IDENTITY_SUFFIX);
    assertThat(fromTraffic.text("td.secured")).isEqualTo("yes");

    assertThat(browser.findElement(By.id("pods")).getText()).contains("web");
    assertThat(browser.findElements(By.id("chart-success"))).hasSize(1);
    assertThat(browser.findElements(By.id("chart-latency"))).hasSize(1);
  }

  @Test
  @Order(4)
  void topology_drawsWhoCallsWhom_withRpsAndSuccessOnEachEdge() {
    open("/namespaces/demo/topology");
    for (String node : List.of("web", "books", "authors", "traffic")) {
      await("a node " + node, () -> row("svg#topology g.node[data-name='" + node + "']"));
    }
    for (String[] pair :
        new String[][] {{"traffic", "web"}, {"web", "books"}, {"web", "authors"}}) {
      Row edge =
          await(
              "an edge " + pair[0] + " -> " + pair[1] + " labelled with rps and success rate",
              () ->
                  row(
                          "svg#topology g.edge[data-src='"
                              + pair[0]
                              + "'][data-dst='"
                              + pair[1]
                              + "']",
                          "text")
                      .filter(r -> r.text("text").contains("rps") && r.text("text").contains("%")));
      System.out.println("topology " + pair[0] + " -> " + pair[1] + ": " + edge.text("text"));
    }
  }

  @Test
  @Order(5)
  void tap_streamsRowsOnceStarted_andStopsOnStop() {
    open("/namespaces/demo/tap");
    startTap("deploy/web", "");
    Row first =
        await(
            "tap rows to stream in",
            () ->
                row(
                    "table#tap-rows tbody tr.tap-row",
                    "td.direction",
                    "td.method",
                    "td.authority",
                    "td.path",
                    "td.status",
                    "td.latency",
                    "td.tls"));
    System.out.println("first tap row: " + first);
    assertThat(first.cells()).doesNotContainValue(null);

    // The browser's tap reaches web's proxy as a tap stream of its own.
    await("web's proxy to serve a tap stream", () -> webProxyTapStreams() > 0);

    browser.findElement(By.id("tap-stop")).click();
    // Stop ends the tap upstream too: the proxy's stream closes.
    await("web's proxy to close its tap stream after Stop", () -> webProxyTapStreams() == 0);
    // Rows of requests already under way may still land; after a grace period, none may.
    countAddedTapRows();
    sleep(Duration.ofSeconds(2));
    long countedFrom = ((Number) js("return window.__tapRowsAdded")).longValue();
    sleep(Duration.ofSeconds(4));
    long added = ((Number) js("return window.__tapRowsAdded")).longValue() - countedFrom;
    assertThat(added).as("tap rows added 2 to 6 s after Stop (web serves ~10 rps)").isZero();
  }

  @Test
  @Order(6)
  void tap_showsAPathWithMarkupAsText() throws Exception {
    open("/namespaces/demo/tap");
    String path = "/<script>alert(1)</script>";
    startTap("deploy/web", "/<script>");
    Path log = Files.createTempFile("meshctl-probe", ".log");
    Process probe = null;
    try {
      long deadline = System.nanoTime() + METRICS_DEADLINE.toNanos();
      String shown = null;
      while (shown == null && System.nanoTime() < deadline) {
        if (probe == null || !probe.isAlive()) {
          // curl sends '<' and '>' unencoded, as an attacker's client would, through a proxy of
          // the mesh to web.
          probe =
              demo.startMeshctl(
                  log,
                  "local",
                  "run",
                  "--name",
                  "probe",
                  "-n",
                  "demo",
                  "--",
                  "curl",
                  "-s",
                  "-g",
                  "--path-as-is",
                  "-o",
                  "/dev/null",
                  "http://web.demo.svc.cluster.local:8080" + path);
        }
        sleep(Duration.ofMillis(500));
        if (alertText().isPresent()) {
          break;
        }
        shown =
            (String)
                js(
                    "for (const td of document.querySelectorAll("
                        + "'table#tap-rows tbody tr.tap-row td.path')) {"
                        + "  if (td.textContent.includes('<script>')) return td.textContent; }"
                        + "return null;");
      }
      assertThat(alertText()).as("an alert opened by the page").isEmpty();
      assertThat(shown)
          .as(
              "a tap row for %s within %s; probe: %s",
              path, METRICS_DEADLINE, Files.readString(log))
          .isNotNull();
      assertThat(shown).contains(path);
      assertThat(browser.findElements(By.cssSelector("table#tap-rows script"))).isEmpty();
      assertThat(js("return document.querySelector('table#tap-rows td.path *') === null"))
          .as("no element made from the path")
          .isEqualTo(true);
    } finally {
      browser.findElement(By.id("tap-stop")).click();
      if (probe != null) {
        probe.destroy();
        probe.waitFor();
      }
      Files.deleteIfExists(log);
    }
  }

  private void open(String page) {
    browser.get(dashboard + page);
    assertThat(browser.findElements(By.cssSelector("main#content")))
        .as("main#content on " + page)
        .hasSize(1);
    assertThat(browser.findElements(By.id("controller-unreachable")))
        .as("the controller is running, yet " + page + " says it is unreachable")
        .isEmpty();
  }

  private void startTap(String resource, String pathPrefix) {
    WebElement form = browser.findElement(By.id("tap-form"));
    fill(form.findElement(By.name("resource")), resource);
    fill(form.findElement(By.name("method")), "");
    fill(form.findElement(By.name("path")), pathPrefix);
    browser.findElement(By.id("tap-start")).click();
  }

  private static void fill(WebElement input, String value) {
    input.clear();
    if (!value.isEmpty()) {
      input.sendKeys(value);
    }
  }

  /** Counts tap rows added to the table from now on in {@code window.__tapRowsAdded}. */
  private void countAddedTapRows() {
    js(
        "window.__tapRowsAdded = 0;"
            + "new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {"
            + "  if (n.nodeType === 1 && n.matches('tr.tap-row')) window.__tapRowsAdded++; })))"
            + ".observe(document.querySelector('table#tap-rows tbody'), {childList: true});");
  }

  private Optional<String> alertText() {
    try {
      String text = browser.switchTo().alert().getText();
      browser.switchTo().alert().dismiss();
      return Optional.of(text);
    } catch (NoAlertPresentException none) {
      return Optional.empty();
    }
  }

  /** {@code tap_streams_open} of web's proxy, from its admin server's {@code /metrics}. */
  private long webProxyTapStreams() {
    try {
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(demo.proxyAdmin("web-proxy") + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      return metrics
          .body()
          .lines()
          .filter(line -> line.startsWith("tap_streams_open"))
          .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private void clickWorkloadsHeader(int column) {
    browser.findElements(By.cssSelector("table#workloads thead th")).get(column).click();
  }

  /** The workloads' names in the order the table shows them now. */
  @SuppressWarnings("unchecked")
  private List<String> workloadOrder() {
    return (List<String>)
        js(
            "return Array.from(document.querySelectorAll("
                + "'table#workloads tbody tr[data-workload]')).map(r => r.dataset.workload);");
  }

  private static String workloadRow(String name) {
    return "table#workloads tr[data-workload='" + name + "']";
  }

  /**
   * The first element matching {@code selector} with the text of each of its descendants {@code
   * cells} (null when missing), its class and its first link, read in one script so that a page
   * re-rendering meanwhile cannot mix two versions.
   */
  @SuppressWarnings("unchecked")
  private Optional<Row> row(String selector, String... cells) {
    Map<String, Object> read =
        (Map<String, Object>)
            js(
                "const e = document.querySelector(arguments[0]); if (!e) return null;"
                    + "const cells = {};"
                    + "for (const c of arguments[1]) {"
                    + "  const x = e.querySelector(c); cells[c] = x ? x.textContent.trim() : null; }"
                    + "const a = e.querySelector('a');"
                    + "return {classes: e.getAttribute('class') || '',"
                    + " link: a ? a.getAttribute('href') || a.getAttribute('xlink:href') || '' : '',"
                    + " cells: cells};",
                selector,
                List.of(cells));
    if (read == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Row(
            (String) read.get("classes"),
            (String) read.get("link"),
            new HashMap<>((Map<String, String>) read.get("cells"))));
  }

  /** What a table row (or any element) showed at one moment. */
  private record Row(String classes, String link, Map<String, String> cells) {

    String text(String cell) {
      String text = cells.get(cell);
      if (text == null) {
        throw new AssertionError("no " + cell + " in " + this);
      }
      return text;
    }

    /**
     * The number in a cell ({@code 93.10%}, {@code 10.2rps}, {@code 12ms}); empty for {@code -}.
     */
    Optional<Double> number(String cell) {
      String text = cells.get(cell);
      Matcher matcher = NUMBER.matcher(text == null ? "" : text);
      return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty();
    }
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  /**
   * Polls {@code condition} until it gives something present, other than false, for up to {@link
   * #METRICS_DEADLINE}.
   */
  private <T> T await(String what, Supplier<?> condition) {
    Object[] found = new Object[1];
    try {
      new WebDriverWait(browser, METRICS_DEADLINE, Duration.ofMillis(500))
          .until(
              driver -> {
                Object value = condition.get();
                if (value instanceof Optional<?> optional) {
                  value = optional.orElse(null);
                }
                if (value == null || Boolean.FALSE.equals(value)) {
                  return false;
                }
                found[0] = value;
                return true;
              });
    } catch (TimeoutException e) {
      String content =
          browser.findElements(By.id("content")).stream()
              .findFirst()
              .map(WebElement::getText)
              .orElse(browser.getPageSource());
      throw new AssertionError(
          "waited "
              + METRICS_DEADLINE
              + " for "
              + what
              + " on "
              + browser.getCurrentUrl()
              + "; the page shows:\n"
              + content,
          e);
    }
    @SuppressWarnings("unchecked")
    T value = (T) found[0];
    return value;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
