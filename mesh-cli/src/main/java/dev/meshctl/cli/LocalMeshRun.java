package dev.meshctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of the local mesh: creates what it needs under {@code $MESHCTL_HOME/local} (CA, tokens,
 * registry), starts the control plane and the demo application with a proxy beside each workload,
 * shows progress until traffic flows over mTLS, then keeps everything running until it is asked to
 * stop (Ctrl-C, SIGTERM) or one of its processes ends, and stops every process it started.
 */
final class LocalMeshRun {

  /** What {@code meshctl demo} was asked for. */
  record Options(
      int dashboardPort, int apiPort, double failureRate, int rps, Duration startTimeout) {}

  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

  private final LocalLayout layout;
  private final MeshJars jars;
  private final Options options;
  private final PrintWriter out;
  private final Clock clock;
  private final LocalProcesses processes = new LocalProcesses();
  private final Set<String> announced = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final String version;
  private final long started;
  private LocalControlPlane controlPlane;
  private List<LocalWorkload> workloads = List.of();

  LocalMeshRun(LocalLayout layout, MeshJars jars, Options options, PrintWriter out, Clock clock) {
    this.layout = layout;
    this.jars = jars;
    this.options = options;
    this.out = out;
    this.clock = clock;
    this.version = BuildInfo.version();
    this.started = System.nanoTime();
  }

  /** Runs the mesh until it is stopped; returns the exit code. */
  int run() {
    refuseWhenAlreadyRunning();
    requireJdkModules();
    MeshJars.requirePresent(
        List.of(jars.proxy(), jars.controller(), jars.identity(), jars.web(), jars.demo()));
    out.println("Starting the local mesh in " + layout.root());

    FreePorts ports = new FreePorts();
    LocalControlPlane.Ports cpPorts =
        new LocalControlPlane.Ports(
            ports.take("identity gRPC"),
            ports.take("identity HTTP"),
            ports.take("identity admin"),
            ports.take(options.apiPort(), "controller API", "--api-port"),
            ports.take("controller gRPC"),
            ports.take("controller admin"),
            ports.take(options.dashboardPort(), "dashboard", "--dashboard-port"),
            ports.take("dashboard admin"));
    DemoApplication demo = new DemoApplication(ports, options.failureRate(), options.rps());
    workloads = demo.workloads();
    controlPlane = new LocalControlPlane(jars, layout, cpPorts);

    LocalCa ca = new LocalCa(layout.caDirectory(), clock);
    long step = System.nanoTime();
    boolean created = ca.ensure();
    ca.writeCertificate(LocalControlPlane.CONTROLLER_IDENTITY, layout.controllerTls());
    for (LocalWorkload workload : workloads) {
      ca.writeToken(workload.identity(), tokenFile(workload), Duration.ofDays(1));
    }
    done(
        "certificate authority "
            + (created ? "created" : "reused")
            + ", tokens for "
            + workloads.size()
            + " workloads",
        step);

    step = System.nanoTime();
    writeRegistry();
    done("registry: " + workloads.size() + " workloads in namespace demo", step);

    Thread hook = new Thread(this::stopOnSignal, "local-mesh-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      startEverything(demo, ca);
      awaitReady(List.of());
      awaitMeshedTraffic();
    } catch (RuntimeException failure) {
      stopEverything();
      throw failure;
    }
    writeMeshFile(true);
    printSummary();
    return supervise();
  }

  private void refuseWhenAlreadyRunning() {
    LocalMeshFile.read(layout.meshFile())
        .ifPresent(
            state -> {
              boolean demoAlive =
                  state.demoPid() != 0 && ProcessHandle.of(state.demoPid()).isPresent();
              boolean childrenAlive =
                  state.processes().stream()
                      .anyMatch(
                          entry ->
                              ProcessHandle.of(entry.pid())
                                  .filter(ProcessHandle::isAlive)
                                  .filter(
                                      p -> LocalProcesses.carries(p, LocalProcesses.marker(layout)))
                                  .isPresent());
              if (demoAlive || childrenAlive) {
                throw new UserFacingException(
                    "a local mesh is already running from "
                        + layout.root()
                        + (state.webUrl() == null ? "" : " (dashboard " + state.webUrl() + ")")
                        + ": stop it with Ctrl-C where it runs, or with ./meshctl demo --down");
              }
              out.println("Removing the state of a local mesh that is no longer running.");
            });
  }

  /**
   * Starts the control plane and the applications first; the proxies once the identity service and
   * the controller answer, so that they get their certificates and destinations at once instead of
   * backing off while the control plane starts.
   */
  /** The demo's web workload serves its pages with the JDK's HTTP server, not in every runtime. */
  private static void requireJdkModules() {
    if (ModuleLayer.boot().findModule("jdk.httpserver").isEmpty()) {
      throw new UserFacingException(
          "this Java runtime ("
              + System.getProperty("java.home")
              + ") lacks the jdk.httpserver module that the demo's web workload needs: run"
              + " meshctl with a full JDK 17 or newer");
    }
  }

  private void startEverything(DemoApplication demo, LocalCa ca) {
    out.println(
        "Starting " + (3 + 2 * workloads.size()) + " processes (logs in " + layout.logs() + ")");
    String marker = LocalProcesses.marker(layout);
    ChildProcess identity = processes.add(controlPlane.startIdentity(ca.directory()));
    writeMeshFile(false);
    ChildProcess controller = processes.add(controlPlane.startController());
    writeMeshFile(false);
    processes.add(controlPlane.startWeb());
    writeMeshFile(false);
    for (LocalWorkload workload : workloads) {
      String name = workload.name();
      processes.add(
          ChildProcess.start(
              name,
              demo.command(workload, jars.demo(), marker),
              java.util.Map.of(),
              layout.log(name),
              ReadinessProbe.logLine(layout.log(name), "ready:")));
      writeMeshFile(false);
    }
    awaitReady(List.of(identity.name(), controller.name()));
    for (LocalWorkload workload : workloads) {
      processes.add(
          LocalProxy.start(
              workload,
              layout,
              jars,
              ProxyEnvironment.of(
                  workload,
                  "127.0.0.1:" + controlPlane.ports().controllerGrpc(),
                  "127.0.0.1:" + controlPlane.ports().identityGrpc(),
                  ca.directory().trustAnchorsFile(),
                  tokenFile(workload))));
      writeMeshFile(false);
    }
  }

  /** Waits until the named processes (every process when empty) are ready, saying so for each. */
  private void awaitReady(List<String> names) {
    Set<String> waiting = new LinkedHashSet<>();
    for (ChildProcess child : processes.all()) {
      if ((names.isEmpty() || names.contains(child.name())) && !announced.contains(child.name())) {
        waiting.add(child.name());
      }
    }
    long deadline = started + options.startTimeout().toNanos();
    long nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
    while (!waiting.isEmpty()) {
      failOnExit();
      for (ChildProcess child : processes.all()) {
        if (child.ready() && announced.add(child.name())) {
          waiting.remove(child.name());
          done(String.format("%-16s ready", child.name()), started);
        }
      }
      if (!waiting.isEmpty() && System.nanoTime() > nextReport) {
        out.printf(
            "    still starting: %s (%.0fs)%n",
            String.join(", ", waiting), (System.nanoTime() - started) / 1e9);
        out.flush();
        nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
      }
      if (System.nanoTime() > deadline) {
        List<String> lines = new ArrayList<>();
        for (ChildProcess child : processes.all()) {
          if (waiting.contains(child.name())) {
            lines.add(
                "  "
                    + child.name()
                    + ": waited for "
                    + child.readinessDescription()
                    + " (log: "
                    + child.log()
                    + ")");
          }
        }
        throw new UserFacingException(
            "the local mesh was not ready within "
                + options.startTimeout().toSeconds()
                + "s; not ready:\n"
                + String.join("\n", lines));
      }
      pause();
    }
  }

  /** Waits until every serving workload's proxy has answered requests that came over mTLS. */
  private void awaitMeshedTraffic() {
    long deadline = started + options.startTimeout().toNanos();
    for (LocalWorkload workload : workloads) {
      if (!workload.serves()) {
        continue;
      }
      while (ProxyMetricsText.inboundMeshedResponses(scrape(workload)) == 0) {
        failOnExit();
        if (System.nanoTime() > deadline) {
          throw new UserFacingException(
              "no mTLS traffic reached "
                  + workload.name()
                  + " within "
                  + options.startTimeout().toSeconds()
                  + "s; see "
                  + layout.logs());
        }
        pause();
      }
    }
    done("traffic flowing over mTLS between every workload", started);
  }

  private String scrape(LocalWorkload workload) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(proxyAdmin(workload).resolve("/metrics"))
              .timeout(Duration.ofSeconds(2))
              .build();
      HttpResponse<String> response =
          ReadinessProbe.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private int supervise() {
    while (!stopping.get()) {
      var exited = processes.firstExited();
      if (exited.isPresent()) {
        // A Ctrl-C reaches the children too: give the shutdown hook a moment to say so first.
        pause();
        pause();
        if (stopping.get()) {
          break;
        }
        ChildProcess child = exited.get();
        out.println();
        out.println(
            "✖ "
                + child.name()
                + " exited with code "
                + child.process().exitValue()
                + "; stopping the local mesh. Last lines of "
                + child.log()
                + ":");
        child.logTail(15).forEach(line -> out.println("    " + line));
        out.flush();
        stopEverything();
        return ExitCodes.FAILED;
      }
      pause();
    }
    // Stopped by a signal: the shutdown hook does the rest while this thread waits.
    while (!stopped.get()) {
      pause();
    }
    return ExitCodes.OK;
  }

  private void failOnExit() {
    if (stopping.get()) {
      throw new UserFacingException("the local mesh was stopped while it was starting");
    }
    processes
        .firstExited()
        .ifPresent(
            child -> {
              List<String> tail = child.logTail(15);
              throw new UserFacingException(
                  child.name()
                      + " exited with code "
                      + child.process().exitValue()
                      + " while the local mesh was starting; last lines of "
                      + child.log()
                      + ":\n    "
                      + String.join("\n    ", tail));
            });
  }

  private void stopOnSignal() {
    if (stopped.get() || !stopping.compareAndSet(false, true)) {
      return;
    }
    out.println();
    out.println("Stopping the local mesh...");
    out.flush();
    stopEverything();
    out.println("Stopped every process of the local mesh.");
    out.flush();
  }

  private synchronized void stopEverything() {
    stopping.set(true);
    if (stopped.get()) {
      return;
    }
    processes.stopAll();
    try {
      Files.deleteIfExists(layout.meshFile());
    } catch (IOException e) {
      out.println("could not remove " + layout.meshFile() + ": " + e.getMessage());
    }
    stopped.set(true);
  }

  private void writeRegistry() {
    Path registry = layout.registry();
    for (LocalWorkload workload : workloads) {
      RegistryManifests.writeAtomically(
          RegistryManifests.file(registry, workload), RegistryManifests.of(workload));
    }
    RegistryManifests.writeAtomically(
        registry.resolve("demo-profiles.yaml"), DemoApplication.profiles());
  }

  private void writeMeshFile(boolean ready) {
    List<LocalMeshFile.Entry> entries = new ArrayList<>();
    for (ChildProcess child : processes.all()) {
      String admin = null;
      for (LocalWorkload workload : workloads) {
        if (child.name().equals(LocalProxy.processName(workload))) {
          admin = proxyAdmin(workload).toString();
        }
      }
      entries.add(
          new LocalMeshFile.Entry(child.name(), child.pid(), child.log().toString(), admin));
    }
    LocalMeshFile.write(
        layout.meshFile(),
        new LocalMeshFile.State(
            version,
            clock.instant().toString(),
            ready,
            ProcessHandle.current().pid(),
            controlPlane.controllerApi().toString(),
            controlPlane.controllerAdmin().toString(),
            controlPlane.identityAdmin().toString(),
            controlPlane.webUrl().toString(),
            "127.0.0.1:" + controlPlane.ports().controllerGrpc(),
            "127.0.0.1:" + controlPlane.ports().identityGrpc(),
            layout.caDirectory().toString(),
            entries));
  }

  private void printSummary() {
    double seconds = (System.nanoTime() - started) / 1e9;
    out.println();
    out.printf("The local mesh is ready (%.1fs). Every call between workloads is mTLS.%n", seconds);
    out.println("  dashboard       " + controlPlane.webUrl());
    out.println("  controller API  " + controlPlane.controllerApi());
    out.println("  logs            " + layout.logs());
    out.println();
    out.println("Try, in another terminal:");
    out.println("  ./meshctl stat deploy -n demo            golden metrics per workload");
    out.println("  ./meshctl stat deploy -n demo --from deploy/traffic");
    out.println("  ./meshctl routes deploy/web -n demo      per-route metrics");
    out.println("  ./meshctl edges deploy -n demo           who calls whom, with identities");
    out.println("  ./meshctl tap deploy/web -n demo         live requests");
    out.println("  ./meshctl top deploy/web -n demo         the busiest paths");
    out.println("  ./meshctl check                          is everything healthy?");
    out.println();
    out.println("Press Ctrl-C to stop it.");
    out.flush();
  }

  private void done(String what, long since) {
    out.printf("  ✔ %-56s %5.1fs%n", what, (System.nanoTime() - since) / 1e9);
    out.flush();
  }

  private Path tokenFile(LocalWorkload workload) {
    return LocalProxy.tokenFile(layout, workload);
  }

  private static URI proxyAdmin(LocalWorkload workload) {
    return LocalProxy.admin(workload);
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
