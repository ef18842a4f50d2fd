package dev.meshctl.bench.run;

import dev.meshctl.bench.load.LoadClient;
import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.load.OpenLoopRun;
import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.Target;
import dev.meshctl.bench.proc.MeasuredProcess;
import dev.meshctl.bench.proc.ProcStats;
import dev.meshctl.bench.proc.UsageMeter;
import dev.meshctl.bench.report.BalancerComparison;
import dev.meshctl.bench.report.BalancerJson;
import dev.meshctl.bench.report.BalancerMarkdown;
import dev.meshctl.bench.results.BalancerResults;
import dev.meshctl.bench.results.BalancerResults.Endpoint;
import dev.meshctl.bench.results.BalancerRun;
import dev.meshctl.bench.results.ConfigurationResult;
import dev.meshctl.bench.sut.MeshProxyLauncher;
import dev.meshctl.bench.sut.PeerTools;
import dev.meshctl.bench.sut.Ports;
import dev.meshctl.bench.sut.ResponseCounts;
import dev.meshctl.bench.sut.SutLauncher;
import dev.meshctl.bench.sut.SutProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code bench/balancer}: how the outbound proxy's balancer copes with one slow endpoint. Three
 * backends serve one authority, one of them adding a fixed delay to every answer; one outbound
 * proxy routes to them by a static destinations file, started once per balancer ({@code
 * MESH_PROXY_OUTBOUND_BALANCER}) in the same run, with the same backends, ports and CPUs. For each:
 * a closed-loop warm-up, a discarded run at the fixed rate, then the measured open-model run, with
 * the responses of each endpoint counted by the proxy ({@code response_total} by {@code
 * target_addr}, scraped before and after). Writes results.md and results.json.
 */
public final class BalancerRunner {

  /** The balancers compared, in the order they run: the proxy's default first. */
  public static final List<String> BALANCERS =
      List.of(BalancerComparison.PEAK_EWMA, BalancerComparison.ROUND_ROBIN);

  private final BalancerPlan plan;
  private final RunSettings settings;
  private final PrintStream log;
  private final long started = System.nanoTime();
  private final long ticksPerSecond = ProcStats.ticksPerSecond();
  private final Ports ports = new Ports();
  private List<String> proxyJvmOptions = List.of("(no proxy ran)");

  /**
   * @param settings where things are; its protocols and configuration ids are not used (the
   *     benchmark drives HTTP/1.1 through the one outbound proxy)
   */
  public BalancerRunner(BalancerPlan plan, RunSettings settings, PrintStream log) {
    this.plan = plan;
    this.settings = settings;
    this.log = log;
  }

  /** Runs both balancers and writes the results into {@code settings.out()}. */
  public BalancerResults run() throws IOException, InterruptedException {
    Instant startedAt = Instant.now();
    String loadAverage = EnvironmentProbe.loadAverage();
    Path out = settings.out();
    Path work = out.resolve("work");
    Files.createDirectories(work);
    Path jar = ProxyJar.copy(settings.proxyJar(), work.resolve("proxy"));
    List<Endpoint> endpoints = new ArrayList<>();
    List<InetSocketAddress> addresses = new ArrayList<>();
    List<BalancerRun> runs = new ArrayList<>();

    try (SutLauncher launcher = new SutLauncher(settings.sutCpus(), work.resolve("logs"))) {
      Thread cleanup = new Thread(launcher::close, "mesh-bench-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);

      List<SutProcess> backends = new ArrayList<>();
      Map<String, Duration> delays = new LinkedHashMap<>();
      delays.put("fast-1", Duration.ZERO);
      delays.put("fast-2", Duration.ZERO);
      delays.put("slow", plan.slowDelay());
      for (Map.Entry<String, Duration> e : delays.entrySet()) {
        InetSocketAddress address = ports.free();
        addresses.add(address);
        backends.add(
            BackendProcesses.start(launcher, "backend " + e.getKey(), address, e.getValue()));
        endpoints.add(new Endpoint(e.getKey(), Ports.text(address), e.getValue().toNanos() / 1e6));
        say(
            "backend %s on %s, adding %d ms to every answer"
                .formatted(e.getKey(), Ports.text(address), e.getValue().toMillis()));
      }
      Path destinations = writeDestinations(work.resolve("destinations.yaml"), endpoints);

      MeshProxyLauncher meshProxy = new MeshProxyLauncher(launcher, settings.proxyLauncher(), jar);
      makeClassDataSharingArchive(launcher, meshProxy);
      rehearse(endpoints.get(0).name(), addresses.get(0));
      for (String balancer : BALANCERS) {
        runs.add(runBalancer(balancer, launcher, meshProxy, destinations, backends));
      }
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }

    BalancerResults results =
        new BalancerResults(
            startedAt,
            Instant.now(),
            plan,
            EnvironmentProbe.probe(
                settings,
                jar,
                PeerTools.find(),
                proxyJvmOptions,
                BackendProcesses.JVM,
                loadAverage),
            List.copyOf(endpoints),
            List.copyOf(runs));
    Files.writeString(out.resolve("results.md"), BalancerMarkdown.render(results));
    Files.writeString(out.resolve("results.json"), BalancerJson.render(results));
    say("results written to " + out);
    return results;
  }

  /** The proxy's static destinations: the benchmark's authority, served by every endpoint. */
  private static Path writeDestinations(Path file, List<Endpoint> endpoints) throws IOException {
    String list =
        endpoints.stream()
            .map(e -> "      - address: %s   # %s%n".formatted(e.address(), e.name()))
            .collect(Collectors.joining());
    Files.writeString(
        file,
        """
        # The outbound proxy's static destinations, written by mesh-bench balancer.
        destinations:
          - authority: %s
            endpoints:
        %s"""
            .formatted(BenchRunner.AUTHORITY, list));
    return file;
  }

  /**
   * A first start makes the launcher's class-data sharing archive as it exits, so that both
   * measured proxies start the way a shipped proxy does from its second start on.
   */
  private void makeClassDataSharingArchive(SutLauncher launcher, MeshProxyLauncher meshProxy)
      throws IOException, InterruptedException {
    if (Files.exists(meshProxy.archive())) {
      return;
    }
    InetSocketAddress admin = ports.free();
    MeshProxyLauncher.Started first =
        meshProxy.start(
            "proxy first start",
            MeshProxyLauncher.listeners(ports.free(), ports.free(), admin),
            admin);
    launcher.stop(first.process());
    say(
        "first proxy start (makes the class-data sharing archive): ready in %.0f ms"
            .formatted(first.startup().readyMillis()));
  }

  /**
   * Warms the load generator up against one fast backend directly, discarded: otherwise its JIT
   * compiler would still be at work during the first balancer's measured run and not the second's.
   */
  private void rehearse(String name, InetSocketAddress fast)
      throws IOException, InterruptedException {
    say("warming the load generator up against backend %s directly (discarded)".formatted(name));
    BalancerPlan rehearsal = plan.rehearsal();
    try (LoadClient client = connect(new Target(fast, BenchRunner.AUTHORITY))) {
      Warmup.run(
          List.of(client),
          rehearsal.closedConcurrency(),
          BenchPlan.WARMUP_SLICE,
          rehearsal.warmupMin(),
          rehearsal.warmupMax(),
          rehearsal.drain());
      OpenLoopRun.run(client, rehearsal.rate(), rehearsal.measure(), rehearsal.drain());
    }
  }

  private BalancerRun runBalancer(
      String balancer,
      SutLauncher launcher,
      MeshProxyLauncher meshProxy,
      Path destinations,
      List<SutProcess> backends)
      throws InterruptedException {
    MeshProxyLauncher.Started started;
    InetSocketAddress outbound;
    InetSocketAddress admin;
    try {
      outbound = ports.free();
      admin = ports.free();
      Map<String, String> env =
          new HashMap<>(MeshProxyLauncher.listeners(outbound, ports.free(), admin));
      env.put("MESH_PROXY_DESTINATIONS_FILE", destinations.toString());
      env.put("MESH_PROXY_OUTBOUND_BALANCER", balancer);
      started = meshProxy.start("proxy " + balancer, env, admin);
    } catch (IOException e) {
      say("%s: failed to start: %s".formatted(balancer, e.getMessage()));
      return BalancerRun.notRun(balancer, "failed to start: " + e.getMessage());
    }
    SutProcess proxy = started.process();
    say("%s: proxy ready in %.0f ms".formatted(balancer, started.startup().readyMillis()));
    proxyJvmOptions = ProxyJar.jvmOptions(proxy.pid());
    Target target = new Target(outbound, BenchRunner.AUTHORITY);
    ConfigurationResult.Warmup warmup = null;
    LoadClient client = null;
    try {
      client = connect(target);
      warmup =
          Warmup.run(
              List.of(client),
              plan.closedConcurrency(),
              BenchPlan.WARMUP_SLICE,
              plan.warmupMin(),
              plan.warmupMax(),
              plan.drain());
      say(
          "%s: warmed up for %.0f s, closed loop: %s rps per slice"
              .formatted(
                  balancer,
                  warmup.seconds(),
                  warmup.sliceRates().stream()
                      .map(r -> String.format(Locale.ROOT, "%.0f", r))
                      .collect(Collectors.joining(", "))));
      LoadResult warm = OpenLoopRun.run(client, plan.rate(), plan.openWarmup(), plan.drain());
      if (warm.timeouts() > 0) {
        client.close();
        client = connect(target);
      }
      checkAlive(proxy, backends);
      UsageMeter meter = meter(proxy, backends);
      JitQuiet.await();
      ResponseCounts before = ResponseCounts.scrape(admin);
      UsageMeter.Start usage = meter.start();
      LoadResult result = OpenLoopRun.run(client, plan.rate(), plan.measure(), plan.drain());
      UsageMeter.Usage used = usage.end(result.ok());
      ResponseCounts responses = ResponseCounts.scrape(admin).since(before);
      checkAlive(proxy, backends);
      BalancerRun run =
          new BalancerRun(balancer, null, started.startup(), warmup, result, responses, used);
      say(
          "%s: %s; responses by endpoint %s"
              .formatted(balancer, result.summary(), responses.byTarget()));
      return run;
    } catch (IOException | RuntimeException e) {
      say("%s: failed: %s".formatted(balancer, e.getMessage()));
      return new BalancerRun(
          balancer, "failed: " + e.getMessage(), started.startup(), warmup, null, null, null);
    } finally {
      if (client != null) {
        client.close();
      }
      launcher.stop(proxy);
    }
  }

  /** Measures the proxy and the backends, and what else runs on their CPUs and the generator's. */
  private UsageMeter meter(SutProcess proxy, List<SutProcess> backends) {
    List<MeasuredProcess> measured = new ArrayList<>();
    measured.add(new MeasuredProcess("proxy", proxy.pid()));
    for (SutProcess b : backends) {
      measured.add(new MeasuredProcess(b.name(), b.pid()));
    }
    return new UsageMeter(
        measured,
        ticksPerSecond,
        ProcStats.cpuList(settings.sutCpus()),
        ProcStats.cpuList(ProcStats.cpusAllowed(ProcessHandle.current().pid())));
  }

  private static void checkAlive(SutProcess proxy, List<SutProcess> backends) throws IOException {
    List<SutProcess> all = new ArrayList<>(backends);
    all.add(proxy);
    for (SutProcess p : all) {
      if (!p.isAlive()) {
        throw new IOException(p.name() + " exited under load:\n" + p.logTail());
      }
    }
  }

  private LoadClient connect(Target target) throws IOException, InterruptedException {
    return LoadClient.connect(
        Protocol.HTTP1, target, new LoadClient.Options(plan.http1Connections(), 1));
  }

  private void say(String message) {
    log.printf(Locale.ROOT, "[%4.0fs] %s%n", (System.nanoTime() - started) / 1e9, message);
    log.flush();
  }
}
