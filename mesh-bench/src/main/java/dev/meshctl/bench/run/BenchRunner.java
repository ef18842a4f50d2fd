package dev.meshctl.bench.run;

import dev.meshctl.bench.load.ClosedLoopRun;
import dev.meshctl.bench.load.LoadClient;
import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.load.OpenLoopRun;
import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.Target;
import dev.meshctl.bench.proc.MeasuredProcess;
import dev.meshctl.bench.proc.Memory;
import dev.meshctl.bench.proc.ProcStats;
import dev.meshctl.bench.proc.UsageMeter;
import dev.meshctl.bench.report.GnuplotCharts;
import dev.meshctl.bench.report.ResultsJson;
import dev.meshctl.bench.report.ResultsMarkdown;
import dev.meshctl.bench.results.BenchResults;
import dev.meshctl.bench.results.ConfigurationResult;
import dev.meshctl.bench.results.ProtocolResult;
import dev.meshctl.bench.results.RunResult;
import dev.meshctl.bench.sut.Configuration;
import dev.meshctl.bench.sut.DeployContext;
import dev.meshctl.bench.sut.Deployment;
import dev.meshctl.bench.sut.MeshProxyLauncher;
import dev.meshctl.bench.sut.PeerTools;
import dev.meshctl.bench.sut.Ports;
import dev.meshctl.bench.sut.Startup;
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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The whole benchmark: starts the backend, makes the proxy's class-data sharing archive as its
 * launcher does on a first start, warms the load generator up, then deploys each configuration in
 * turn and drives every protocol through it (warm-up, each fixed rate, maximum throughput) while
 * measuring each process under test; finally writes results.json, results.md and the charts'
 * gnuplot script. A configuration that fails to start or dies is reported as not run with the
 * reason, and the others still run.
 */
public final class BenchRunner {

  /** The authority clients address; the mesh's destinations map it. */
  static final String AUTHORITY = "backend.bench.svc.cluster.local:8080";

  private final BenchPlan plan;
  private final RunSettings settings;
  private final PrintStream log;
  private final long started = System.nanoTime();
  private final long ticksPerSecond = ProcStats.ticksPerSecond();
  private final Ports ports = new Ports();
  private final List<Startup> startups = new ArrayList<>();
  private List<String> proxyJvmOptions = List.of("(no proxy ran)");

  public BenchRunner(BenchPlan plan, RunSettings settings, PrintStream log) {
    this.plan = plan;
    this.settings = settings;
    this.log = log;
  }

  /** Runs everything and writes the results into {@code settings.out()}. */
  public void run() throws IOException, InterruptedException {
    Instant startedAt = Instant.now();
    String loadAverage = EnvironmentProbe.loadAverage();
    Path out = settings.out();
    Path work = out.resolve("work");
    Files.createDirectories(work);
    PeerTools peers = PeerTools.find();
    Path jar = ProxyJar.copy(settings.proxyJar(), work.resolve("proxy"));
    List<ConfigurationResult> configurations = new ArrayList<>();
    String aborted = null;

    try (SutLauncher launcher = new SutLauncher(settings.sutCpus(), work.resolve("logs"))) {
      Thread cleanup = new Thread(launcher::close, "mesh-bench-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);

      InetSocketAddress backendAddress = ports.free();
      SutProcess backend = startBackend(launcher, backendAddress);
      MeshProxyLauncher meshProxy = new MeshProxyLauncher(launcher, settings.proxyLauncher(), jar);
      DeployContext context =
          new DeployContext(backendAddress, AUTHORITY, launcher, meshProxy, peers, ports, work);

      makeClassDataSharingArchive(launcher, meshProxy);
      rehearse(context, backend);
      List<String> only = Selection.withReferences(settings.only());
      for (Configuration c : Configuration.all()) {
        if (!Selection.runs(only, c.id())) {
          continue;
        }
        if (aborted != null) {
          configurations.add(ConfigurationResult.notRun(c.id(), c.title(), c.path(), aborted));
          continue;
        }
        try {
          configurations.add(runConfiguration(c, plan, context, backend));
        } catch (BackendExitedException e) {
          say(e.getMessage());
          aborted = "not run: the backend exited earlier in the run";
          configurations.add(
              ConfigurationResult.notRun(c.id(), c.title(), c.path(), e.getMessage()));
        }
      }
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }

    BenchResults results =
        new BenchResults(
            startedAt,
            Instant.now(),
            plan,
            EnvironmentProbe.probe(
                settings, jar, peers, proxyJvmOptions, BackendProcesses.JVM, loadAverage),
            List.copyOf(startups),
            configurations);
    Files.writeString(
        out.resolve("results.json"), ResultsJson.render(results, settings.protocols()));
    Files.writeString(
        out.resolve("results.md"), ResultsMarkdown.render(results, settings.protocols()));
    GnuplotCharts.write(results, settings.protocols(), out);
    say("results written to " + out);
    if (aborted != null) {
      throw new IOException("the backend exited during the run; the results are partial");
    }
  }

  private SutProcess startBackend(SutLauncher launcher, InetSocketAddress address)
      throws IOException, InterruptedException {
    SutProcess backend = BackendProcesses.start(launcher, "backend", address, Duration.ZERO);
    say("backend listening on " + Ports.text(address));
    return backend;
  }

  /**
   * The launcher makes the class-data sharing archive at the exit of the first start beside the
   * jar, and every later start uses it: this start is that first one (timed and reported apart).
   */
  private void makeClassDataSharingArchive(SutLauncher launcher, MeshProxyLauncher meshProxy)
      throws IOException, InterruptedException {
    if (Files.exists(meshProxy.archive())) {
      return;
    }
    InetSocketAddress admin = ports.free();
    MeshProxyLauncher.Started first =
        meshProxy.start(
            "first start", MeshProxyLauncher.listeners(ports.free(), ports.free(), admin), admin);
    startups.add(first.startup());
    proxyJvmOptions = ProxyJar.jvmOptions(first.process().pid());
    launcher.stop(first.process()); // a clean exit: the JVM writes the archive as it ends
    say(
        "first proxy start (no CDS archive yet): ready in %.0f ms; archive %s"
            .formatted(
                first.startup().readyMillis(),
                Files.exists(meshProxy.archive()) ? "made" : "NOT made"));
  }

  /**
   * Warms the load generator and the backend up with one full pass of the direct configuration,
   * discarded: the generator's JIT compiles, and recompiles as the profile changes, through its
   * first closed-loop, fixed-rate and maximum-throughput phases, and would otherwise do so on the
   * CPU it shares with nothing else during the baseline's measurements.
   */
  private void rehearse(DeployContext context, SutProcess backend) throws InterruptedException {
    say("warming the load generator up: one short, discarded pass of the direct configuration");
    runConfiguration(Configuration.directRehearsal(), plan.rehearsal(), context, backend);
    say("load generator warmed up");
  }

  private ConfigurationResult runConfiguration(
      Configuration c, BenchPlan phases, DeployContext context, SutProcess backend)
      throws InterruptedException {
    Optional<String> notRun = c.notRun(context.peers());
    if (notRun.isPresent()) {
      say("%s: not run: %s".formatted(c.id(), notRun.get()));
      return ConfigurationResult.notRun(c.id(), c.title(), c.path(), notRun.get());
    }
    say("%s: deploying %s".formatted(c.id(), c.path()));
    Deployment deployment;
    try {
      deployment = c.deploy(context);
    } catch (IOException | RuntimeException e) {
      say("%s: failed to start: %s".formatted(c.id(), e.getMessage()));
      return ConfigurationResult.notRun(
          c.id(), c.title(), c.path(), "failed to start: " + e.getMessage());
    }
    Map<Protocol, String> skipped = new EnumMap<>(Protocol.class);
    // Closed in reverse order: the clients first, so that the proxies drain with nothing open.
    try (deployment;
        Clients clients = new Clients()) {
      for (Startup s : deployment.startups()) {
        startups.add(s);
        say("%s: %s ready in %.0f ms".formatted(c.id(), s.process(), s.readyMillis()));
      }
      if (!deployment.startups().isEmpty()) {
        proxyJvmOptions = ProxyJar.jvmOptions(deployment.measured().get(0).pid());
      }
      for (Protocol p : settings.protocols()) {
        Optional<String> skip = c.notRun(p);
        if (skip.isPresent()) {
          skipped.put(p, skip.get());
          continue;
        }
        try {
          clients.put(p, connect(p, deployment.target(p)));
        } catch (IOException e) {
          skipped.put(p, "cannot connect: " + e.getMessage());
        }
      }
      ConfigurationResult.Warmup warmup =
          Warmup.run(
              clients.values(),
              phases.closedConcurrency(),
              BenchPlan.WARMUP_SLICE,
              phases.warmupMin(),
              phases.warmupMax(),
              phases.drain());
      say(
          "%s: warmed up for %.0f s, all protocols at once: %s rps per slice"
              .formatted(c.id(), warmup.seconds(), rates(warmup.sliceRates())));
      try {
        deployment.verifyTraffic();
      } catch (IOException e) {
        say("%s: failed the check after the warm-up: %s".formatted(c.id(), e.getMessage()));
        return ConfigurationResult.notRun(
            c.id(), c.title(), c.path(), "failed the check after the warm-up: " + e.getMessage());
      }

      List<MeasuredProcess> measured = new ArrayList<>(deployment.measured());
      measured.add(new MeasuredProcess("backend", backend.pid()));
      UsageMeter meter =
          new UsageMeter(
              measured,
              ticksPerSecond,
              ProcStats.cpuList(settings.sutCpus()),
              ProcStats.cpuList(ProcStats.cpusAllowed(ProcessHandle.current().pid())));
      List<ProtocolResult> protocols = new ArrayList<>();
      for (Protocol p : settings.protocols()) {
        if (skipped.containsKey(p)) {
          protocols.add(new ProtocolResult(p, skipped.get(p), List.of()));
        } else {
          protocols.add(runProtocol(c, phases, p, clients.get(p), deployment, backend, meter));
        }
      }
      Map<String, Memory> lifetime = new LinkedHashMap<>();
      for (MeasuredProcess m : deployment.measured()) {
        lifetime.put(m.name(), Memory.of(m.pid()));
      }
      return new ConfigurationResult(
          c.id(), c.title(), c.path(), null, warmup, protocols, lifetime);
    } catch (BackendExitedException e) {
      throw e;
    } catch (RuntimeException e) {
      say("%s: failed: %s".formatted(c.id(), e.getMessage()));
      return ConfigurationResult.notRun(c.id(), c.title(), c.path(), "failed: " + e.getMessage());
    }
  }

  /** The backend is gone: everything measured from here on would be against nothing. */
  private static final class BackendExitedException extends IllegalStateException {
    BackendExitedException(SutProcess backend) {
      super("the backend exited; the run cannot go on:\n" + backend.logTail());
    }
  }

  /** The load clients of one deployment, one per protocol, closed together. */
  private static final class Clients extends EnumMap<Protocol, LoadClient>
      implements AutoCloseable {
    Clients() {
      super(Protocol.class);
    }

    @Override
    public void close() {
      values().forEach(LoadClient::close);
    }
  }

  private ProtocolResult runProtocol(
      Configuration c,
      BenchPlan phases,
      Protocol protocol,
      LoadClient connected,
      Deployment deployment,
      SutProcess backend,
      UsageMeter meter)
      throws InterruptedException {
    Target target = deployment.target(protocol);
    List<RunResult> runs = new ArrayList<>();
    LoadClient client = connected;
    try {
      for (int rate : phases.rates()) {
        LoadResult warm = OpenLoopRun.run(client, rate, phases.openWarmup(), phases.drain());
        if (warm.timeouts() > 0) {
          client = reconnect(client, protocol, target);
        }
        JitQuiet.await();
        UsageMeter.Start usage = meter.start();
        LoadResult result = OpenLoopRun.run(client, rate, phases.measure(), phases.drain());
        runs.add(run(result, usage));
        say("%s %s %s".formatted(c.id(), protocol.id(), result.summary()));
        checkAlive(deployment, backend);
        if (result.timeouts() > 0) {
          client = reconnect(client, protocol, target);
        }
      }
      JitQuiet.await();
      UsageMeter.Start usage = meter.start();
      LoadResult result =
          ClosedLoopRun.run(
              client, phases.closedConcurrency(), phases.closedMeasure(), phases.drain());
      runs.add(run(result, usage));
      say("%s %s %s".formatted(c.id(), protocol.id(), result.summary()));
      checkAlive(deployment, backend);
      return new ProtocolResult(protocol, null, runs);
    } catch (BackendExitedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      say("%s: %s failed: %s".formatted(c.id(), protocol.id(), e.getMessage()));
      return new ProtocolResult(
          protocol, "failed after %d runs: %s".formatted(runs.size(), e.getMessage()), runs);
    } finally {
      client.close();
    }
  }

  private static String rates(List<Double> rates) {
    return rates.stream()
        .map(r -> String.format(Locale.ROOT, "%.0f", r))
        .collect(Collectors.joining(", "));
  }

  private static RunResult run(LoadResult result, UsageMeter.Start start) {
    UsageMeter.Usage usage = start.end(result.ok());
    return new RunResult(result, usage.processes(), usage.background());
  }

  private static void checkAlive(Deployment deployment, SutProcess backend) throws IOException {
    if (!backend.isAlive()) {
      throw new BackendExitedException(backend);
    }
    Optional<SutProcess> dead = deployment.dead();
    if (dead.isPresent()) {
      throw new IOException(dead.get().name() + " exited under load:\n" + dead.get().logTail());
    }
  }

  private LoadClient connect(Protocol protocol, Target target)
      throws IOException, InterruptedException {
    return LoadClient.connect(
        protocol, target, new LoadClient.Options(plan.http1Connections(), plan.h2Connections()));
  }

  /**
   * Replaces a client that still has unanswered requests, so that they cannot skew the next run.
   */
  private LoadClient reconnect(LoadClient client, Protocol protocol, Target target)
      throws IOException, InterruptedException {
    client.close();
    return connect(protocol, target);
  }

  private void say(String message) {
    log.printf(Locale.ROOT, "[%4.0fs] %s%n", (System.nanoTime() - started) / 1e9, message);
    log.flush();
  }
}
