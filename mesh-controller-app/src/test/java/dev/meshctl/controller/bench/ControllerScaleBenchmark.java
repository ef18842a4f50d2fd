package dev.meshctl.controller.bench;

import static dev.meshctl.controller.discovery.TestObjects.NS;
import static dev.meshctl.controller.discovery.TestObjects.endpoint;
import static dev.meshctl.controller.discovery.TestObjects.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.api.destination.Update;
import dev.meshctl.controller.DestinationClient;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.EndpointSliceRecord;
import dev.meshctl.controller.discovery.TestObjects;
import dev.meshctl.controller.discovery.kubernetes.KubernetesSource;
import dev.meshctl.controller.grpc.GrpcServerLifecycle;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A benchmark, not a test of behaviour (tag {@code benchmark}, left out of the default build; run
 * it with {@code bench/controller}): the whole controller against fabric8's mock API server in CRUD
 * mode, as in {@code KubernetesDiscoveryTest}, first with 10 services of 10 endpoints, then with
 * 1,000 services of 10 endpoints. In each phase, real gRPC clients hold {@code Get} streams on a
 * sample of services, and the time from an EndpointSlice write to the client's update is measured
 * {@value #UPDATES} times. Heap and CPU of the JVM are read around the load and the updates. Prints
 * a table and writes {@code bench/results/<timestamp>-controller/results.md}.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = ControllerScaleBenchmark.MockApiServer.class)
@EnableKubernetesMockClient(crud = true)
class ControllerScaleBenchmark {

  static final int BASELINE_SERVICES = 10;
  static final int SCALE_SERVICES = 1_000;
  static final int ENDPOINTS_PER_SERVICE = 10;
  static final int SAMPLED_STREAMS = 50;
  static final int WARMUP_UPDATES = 50;
  static final int UPDATES = 200;
  static final int WRITERS = 8;

  static KubernetesClient client;

  /** Hands the app the mock API server's client in place of the in-cluster one. */
  static final class MockApiServer
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
      context.getBeanFactory().registerSingleton("kubernetesClient", client);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mesh.discovery.source", () -> "kubernetes");
    registry.add("mesh.controller.grpc-port", () -> "0");
    registry.add("management.server.port", () -> "0");
  }

  @Autowired GrpcServerLifecycle grpcServer;
  @Autowired KubernetesSource source;
  @Autowired DiscoveryModel model;

  private final ProcessGauges gauges = new ProcessGauges();
  private final Random random = new Random(42);

  /** Per service: whether endpoint 0 is currently ready (the one the updates flip). */
  private final boolean[] firstReady = new boolean[SCALE_SERVICES];

  @Test
  void propagation_memory_andCpu_at1000Services() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(source::synced);
    long heapEmpty = gauges.heapUsedAfterGc();

    Load baselineLoad = load(0, BASELINE_SERVICES);
    Phase baseline;
    try (var destinations = new DestinationClient(grpcServer.port())) {
      baseline = updates(destinations, BASELINE_SERVICES);
    }

    long heapBefore = gauges.heapUsedAfterGc();
    Load scaleLoad = load(BASELINE_SERVICES, SCALE_SERVICES);
    long heapAfter = gauges.heapUsedAfterGc();
    Phase scale;
    try (var destinations = new DestinationClient(grpcServer.port())) {
      scale = updates(destinations, SCALE_SERVICES);
    }

    Report report =
        new Report(baselineLoad, baseline, scaleLoad, scale, heapEmpty, heapBefore, heapAfter);
    String table = report.table();
    System.out.println(table);
    Path results = report.write(resultsDirectory());
    System.out.println("results: " + results);
  }

  /**
   * Services [from, to) with their slices, created by a few writers; returns when all are known.
   */
  private Load load(int from, int to) throws Exception {
    long cpu = gauges.processCpuNanos();
    long start = System.nanoTime();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = from; i < to; i++) {
        int index = i;
        writes.add(
            writers.submit(
                () -> {
                  client.resource(service(name(index), clusterIp(index))).inNamespace(NS).create();
                  client.resource(slice(index)).inNamespace(NS).create();
                }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      writers.shutdown();
    }
    long written = System.nanoTime();
    int endpoints = to * ENDPOINTS_PER_SERVICE;
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> model.services().size() == to && endpointsKnown() == endpoints);
    long known = System.nanoTime();
    return new Load(
        to - from,
        (to - from) * ENDPOINTS_PER_SERVICE,
        written - start,
        known - start,
        gauges.processCpuNanos() - cpu);
  }

  private int endpointsKnown() {
    int count = 0;
    for (var service : model.services()) {
      for (EndpointSliceRecord slice : model.endpointSlices(service.key())) {
        count += slice.endpoints().size();
      }
    }
    return count;
  }

  /**
   * Opens streams on a sample of the first {@code services} services, then flips endpoint 0's
   * readiness of a random sampled service {@value #WARMUP_UPDATES} times unmeasured and {@value
   * #UPDATES} times measured: from before the API write to the update on its stream.
   */
  private Phase updates(DestinationClient destinations, int services) throws Exception {
    int[] sample =
        random.ints(0, services).distinct().limit(Math.min(SAMPLED_STREAMS, services)).toArray();
    List<DestinationClient.Stream<Update>> streams = new ArrayList<>();
    for (int index : sample) {
      var stream = destinations.get(name(index) + "." + NS + ".svc.cluster.local:80");
      Update first = stream.next();
      assertThat(first.getAdd().getAddrsCount()).isEqualTo(readyCount(index));
      streams.add(stream);
    }
    for (int i = 0; i < WARMUP_UPDATES; i++) {
      flip(sample, streams);
    }
    long cpu = gauges.processCpuNanos();
    long[] nanos = new long[UPDATES];
    for (int i = 0; i < UPDATES; i++) {
      nanos[i] = flip(sample, streams);
    }
    return new Phase(sample.length, LatencySummary.of(nanos), gauges.processCpuNanos() - cpu);
  }

  /** Flips endpoint 0 of a random sampled service; the time until its stream said so. */
  private long flip(int[] sample, List<DestinationClient.Stream<Update>> streams) throws Exception {
    int pick = random.nextInt(sample.length);
    int index = sample[pick];
    firstReady[index] = !firstReady[index];
    long start = System.nanoTime();
    client.resource(slice(index)).inNamespace(NS).update();
    Update update = streams.get(pick).next();
    long took = System.nanoTime() - start;
    assertThat(firstReady[index] ? update.hasAdd() : update.hasRemove()).isTrue();
    return took;
  }

  private int readyCount(int index) {
    return firstReady[index] ? ENDPOINTS_PER_SERVICE : ENDPOINTS_PER_SERVICE - 1;
  }

  private EndpointSlice slice(int index) {
    Endpoint[] endpoints = new Endpoint[ENDPOINTS_PER_SERVICE];
    for (int j = 0; j < ENDPOINTS_PER_SERVICE; j++) {
      boolean ready = j != 0 || firstReady[index];
      endpoints[j] = endpoint(podIp(index, j), name(index) + "-" + j, ready, ready, false);
    }
    return TestObjects.slice(name(index), endpoints);
  }

  private static String name(int index) {
    return String.format(Locale.ROOT, "svc-%04d", index);
  }

  private static String clusterIp(int index) {
    return "10.96." + (index / 250) + "." + (index % 250 + 1);
  }

  private static String podIp(int index, int endpoint) {
    return "10." + (10 + index / 250) + "." + (index % 250) + "." + (endpoint + 1);
  }

  /** bench/results/<timestamp>-controller in the repository (found upwards from here). */
  private static Path resultsDirectory() throws IOException {
    String top = System.getProperty("maven.multiModuleProjectDirectory");
    Path root = top != null ? Path.of(top) : Path.of("").toAbsolutePath();
    while (root != null && !Files.isRegularFile(root.resolve("bench/README.md"))) {
      root = root.getParent();
    }
    if (root == null) {
      throw new IOException("no bench/README.md above " + Path.of("").toAbsolutePath());
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Files.createDirectories(root.resolve("bench/results/" + stamp + "-controller"));
  }

  /** Creating services: how many, how long until written and until the controller knew them all. */
  record Load(int services, int endpoints, long writtenNanos, long knownNanos, long cpuNanos) {}

  /** The measured updates of one phase. */
  record Phase(int streams, LatencySummary latency, long cpuNanos) {}
}
