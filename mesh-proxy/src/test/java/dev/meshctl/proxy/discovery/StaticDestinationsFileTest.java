package dev.meshctl.proxy.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticDestinationsFileTest {

  /** So long that only the test's own {@code poll()} calls run, for deterministic tests. */
  private static final Duration MANUAL = Duration.ofHours(1);

  private static final Duration FAST = Duration.ofMillis(50);

  private static final Authority WEB = new Authority("web.demo", 8080);

  @TempDir Path dir;

  private final ScheduledThreadPoolExecutor poller = new ScheduledThreadPoolExecutor(1);
  private final Logger logger = Logger.getLogger(StaticDestinationsFile.class.getName());
  private final List<LogRecord> logs = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logs.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLogs() {
    poller.setRemoveOnCancelPolicy(true);
    logger.addHandler(capture);
    logger.setUseParentHandlers(false);
  }

  @AfterEach
  void stop() {
    logger.removeHandler(capture);
    logger.setUseParentHandlers(true);
    poller.shutdownNow();
  }

  private static String webOn(String... addresses) {
    StringBuilder yaml = new StringBuilder("destinations:\n  - authority: web.demo:8080\n");
    yaml.append("    endpoints:\n");
    for (String address : addresses) {
      yaml.append("      - address: \"").append(address).append("\"\n");
    }
    return yaml.toString();
  }

  private static List<InetSocketAddress> addresses(StaticDestinationsFile source) {
    return source.lookup(WEB).orElseThrow().endpoints().stream().map(Endpoint::address).toList();
  }

  private static InetSocketAddress address(String ip, int port) {
    return new InetSocketAddress(ip, port);
  }

  /** Replaces the file in one step, as editors and config tools do. */
  private Path replace(Path file, String content) throws IOException {
    Path temp = Files.writeString(dir.resolve(file.getFileName() + ".tmp"), content);
    return Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private List<String> messages(Level level) {
    return logs.stream()
        .filter(r -> r.getLevel().equals(level))
        .map(LogRecord::getMessage)
        .toList();
  }

  @Test
  void load_readsTheFileAndAnswersLookups() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001", "[::1]:9002"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL)) {
      assertThat(addresses(source))
          .containsExactly(address("127.0.0.1", 9001), address("::1", 9002));
      assertThat(source.lookup(Authority.parse("WEB.demo:8080", 80))).isPresent();
      assertThat(source.lookup(new Authority("web.demo", 80))).isEmpty();
      assertThat(source.destinations()).containsOnlyKeys(WEB);
      assertThat(source.file()).isEqualTo(file);
      assertThat(messages(Level.INFO)).containsExactly(file + ": loaded 1 destination");
    }
  }

  @Test
  void lookup_returnsTheSameOptionalEveryTime_soTheDataPathAllocatesNothing() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL)) {
      assertThat(source.lookup(WEB)).isSameAs(source.lookup(WEB));
    }
  }

  @Test
  void invalidFileAtStart_throwsNamingTheFileAndThePlace() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("d.yaml"), webOn("127.0.0.1:9001").replace("127.0.0.1", "localhost"));

    assertThatExceptionOfType(DestinationsFileException.class)
        .isThrownBy(() -> StaticDestinationsFile.load(file, poller, MANUAL))
        .withMessage(
            file
                + ": destinations[0].endpoints[0].address: \"localhost:9001\" is not an IP address"
                + " and port (host names are not accepted, only IP addresses)");
    assertThat(poller.getQueue()).isEmpty();
  }

  @Test
  void missingFileAtStart_throwsSayingItDoesNotExist() {
    Path file = dir.resolve("missing.yaml");

    assertThatExceptionOfType(DestinationsFileException.class)
        .isThrownBy(() -> StaticDestinationsFile.load(file, poller))
        .withMessage(file + ": the file does not exist");
  }

  @Test
  void directoryAtStart_throwsSayingItCannotBeRead() {
    assertThatExceptionOfType(DestinationsFileException.class)
        .isThrownBy(() -> StaticDestinationsFile.load(dir, poller))
        .withMessageStartingWith(dir + ": the file cannot be read (");
  }

  @Test
  void nonPositivePollInterval_isRejected() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn());

    assertThatIllegalArgumentException()
        .isThrownBy(() -> StaticDestinationsFile.load(file, poller, Duration.ZERO));
  }

  @Test
  void read_validatesWithoutWatching() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));

    assertThat(StaticDestinationsFile.read(file)).containsOnlyKeys(WEB);
    assertThat(poller.getQueue()).isEmpty();
  }

  @Test
  void liveReload_picksUpAChangedFile() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, FAST)) {
      replace(file, webOn("127.0.0.1:9002", "127.0.0.1:9003"));

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(addresses(source))
                      .containsExactly(address("127.0.0.1", 9002), address("127.0.0.1", 9003)));
    }
  }

  @Test
  void liveReload_picksUpAnInPlaceRewriteOfTheSameSize() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, FAST)) {
      var modified = Files.getLastModifiedTime(file);
      Files.writeString(file, webOn("127.0.0.1:9009"));
      Files.setLastModifiedTime(file, modified); // a coarse clock would not have moved

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(addresses(source)).containsExactly(address("127.0.0.1", 9009)));
    }
  }

  @Test
  void symlinkSwap_asInAKubernetesConfigMapVolume_isPickedUp() throws IOException {
    // A ConfigMap volume: destinations.yaml -> ..data/destinations.yaml, ..data -> ..<version>,
    // updated by pointing ..data at a new version directory with one atomic rename.
    Path v1 = Files.createDirectory(dir.resolve("..2024_01_01"));
    Files.writeString(v1.resolve("destinations.yaml"), webOn("127.0.0.1:9001"));
    Path data = Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
    Path file =
        Files.createSymbolicLink(
            dir.resolve("destinations.yaml"), Path.of("..data", "destinations.yaml"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, FAST)) {
      assertThat(addresses(source)).containsExactly(address("127.0.0.1", 9001));

      Path v2 = Files.createDirectory(dir.resolve("..2024_01_02"));
      Files.writeString(v2.resolve("destinations.yaml"), webOn("127.0.0.1:9002"));
      Path newData = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
      Files.move(newData, data, StandardCopyOption.ATOMIC_MOVE);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(addresses(source)).containsExactly(address("127.0.0.1", 9002)));
    }
  }

  @Test
  void invalidReload_keepsThePreviousSetAndWarnsOnce() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL)) {
      replace(file, webOn("127.0.0.1:9001") + "        weight: 0\n");
      source.poll();
      source.poll();
      source.poll();

      assertThat(addresses(source)).containsExactly(address("127.0.0.1", 9001));
      assertThat(messages(Level.WARNING))
          .containsExactly(
              file
                  + ": destinations[0].endpoints[0].weight: 0 is not a whole number from 1 to"
                  + " 1000000; keeping the last 1 destination");
    }
  }

  /** web.demo with one endpoint and a profile of one route. */
  private static String webWithProfile(String pathRegex, String timeout) {
    return webOn("127.0.0.1:9001")
        + """
            profile:
              routes:
                - name: books
                  condition: {method: GET, pathRegex: "%s"}
                  isRetryable: true
                  timeout: %s
        """
            .formatted(pathRegex, timeout);
  }

  @Test
  void invalidProfileOnReload_keepsThePreviousDestinationsAndProfile() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webWithProfile("/books(/.*)?", "300ms"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL)) {
      Destination before = source.lookup(WEB).orElseThrow();
      List<Destination> changes = new CopyOnWriteArrayList<>();
      source.onChange(() -> changes.add(source.lookup(WEB).orElseThrow()));

      replace(file, webWithProfile("/books(", "300ms").replace("127.0.0.1:9001", "127.0.0.1:9002"));
      source.poll();
      source.poll();

      assertThat(source.lookup(WEB)).containsSame(before);
      assertThat(source.lookup(WEB).orElseThrow().profile().route("GET", "/books/1").name())
          .isEqualTo("books");
      assertThat(changes).isEmpty();
      assertThat(messages(Level.WARNING))
          .containsExactly(
              file
                  + ": destinations[0].profile.routes[0].condition.pathRegex: \"/books(\" is not"
                  + " a valid regular expression: Unclosed group near index 7; keeping the last 1"
                  + " destination");
    }
  }

  @Test
  void profileOnlyChange_isAChange_butTheSameProfileReformattedIsNot() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webWithProfile("/books(/.*)?", "300ms"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL)) {
      List<Destination> changes = new CopyOnWriteArrayList<>();
      source.onChange(() -> changes.add(source.lookup(WEB).orElseThrow()));

      replace(file, "# reformatted\n" + webWithProfile("/books(/.*)?", "300ms"));
      source.poll();
      assertThat(changes).isEmpty();

      replace(file, webWithProfile("/books(/.*)?", "1s"));
      source.poll();
      assertThat(changes)
          .singleElement()
          .satisfies(
              d ->
                  assertThat(d.profile().route("GET", "/books").timeout())
                      .contains(Duration.ofSeconds(1)));
    }
  }

  @Test
  void invalidReloadThenFix_loadsTheFixedFile() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL)) {
      replace(file, "destinations: [");
      source.poll();
      replace(file, webOn("127.0.0.1:9002"));
      source.poll();

      assertThat(addresses(source)).containsExactly(address("127.0.0.1", 9002));
      assertThat(messages(Level.WARNING)).hasSize(1).first().asString().contains("not valid YAML");
      assertThat(messages(Level.INFO)).last().isEqualTo(file + ": reloaded 1 destination");
    }
  }

  @Test
  void eachNewInvalidContent_warnsAgain() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL)) {
      replace(file, "destinations: 1\n");
      source.poll();
      replace(file, "destinations: 2\n");
      source.poll();

      assertThat(messages(Level.WARNING)).hasSize(2);
    }
  }

  @Test
  void deletedFile_keepsTheLastSetAndWarnsOnce_untilItComesBack() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL)) {
      Files.delete(file);
      source.poll();
      source.poll();

      assertThat(addresses(source)).containsExactly(address("127.0.0.1", 9001));
      assertThat(messages(Level.WARNING))
          .containsExactly(file + ": the file does not exist; keeping the last 1 destination");

      Files.writeString(file, webOn("127.0.0.1:9001"));
      source.poll();
      Files.delete(file);
      source.poll();

      assertThat(messages(Level.INFO))
          .containsExactly(
              file + ": loaded 1 destination", file + ": reloaded 1 destination (no change)");
      assertThat(messages(Level.WARNING)).hasSize(2);
    }
  }

  @Test
  void unchangedContent_isNotReloaded() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL)) {
      source.poll();
      Files.writeString(file, webOn("127.0.0.1:9001"));
      source.poll();

      assertThat(logs).hasSize(1);
    }
  }

  @Test
  void successfulReload_logsTheCountOfDestinations() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL)) {
      replace(
          file,
          webOn("127.0.0.1:9001")
              + "  - authority: api.demo:80\n  - authority: db.demo:5432\n    endpoints: []\n");
      source.poll();

      assertThat(source.destinations()).hasSize(3);
      assertThat(messages(Level.INFO)).last().isEqualTo(file + ": reloaded 3 destinations");
    }
  }

  @Test
  void onChange_runsListenersAfterTheNewSetIsVisible_andOnlyWhenItChanged() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL)) {
      List<List<InetSocketAddress>> seen = new CopyOnWriteArrayList<>();
      source.onChange(() -> seen.add(addresses(source)));

      replace(file, "# the same destinations, reformatted\n" + webOn("127.0.0.1:9001"));
      source.poll();
      assertThat(seen).isEmpty();

      replace(file, webOn("127.0.0.1:9002"));
      source.poll();
      assertThat(seen).containsExactly(List.of(address("127.0.0.1", 9002)));
    }
  }

  @Test
  void failingListener_doesNotStopTheOthersOrTheReload() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));

    try (StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL)) {
      AtomicInteger calls = new AtomicInteger();
      source.onChange(
          () -> {
            throw new IllegalStateException("boom");
          });
      source.onChange(calls::incrementAndGet);

      replace(file, webOn("127.0.0.1:9002"));
      source.poll();

      assertThat(calls).hasValue(1);
      assertThat(addresses(source)).containsExactly(address("127.0.0.1", 9002));
      assertThat(logs)
          .anySatisfy(
              r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getThrown()).hasMessage("boom");
              });
    }
  }

  @Test
  void close_cancelsThePollingTaskButLookupsKeepAnswering() throws IOException {
    Path file = Files.writeString(dir.resolve("d.yaml"), webOn("127.0.0.1:9001"));
    StaticDestinationsFile source = StaticDestinationsFile.load(file, poller, MANUAL);
    assertThat(poller.getQueue()).hasSize(1);

    source.close();
    source.close();

    assertThat(poller.getQueue()).isEmpty();
    assertThat(addresses(source)).containsExactly(address("127.0.0.1", 9001));
  }
}
