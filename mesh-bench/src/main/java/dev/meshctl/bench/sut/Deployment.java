package dev.meshctl.bench.sut;

import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.Target;
import dev.meshctl.bench.proc.MeasuredProcess;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration up and running: where each protocol's load goes, the processes whose cost is
 * reported, how long the proxies took to become ready, and what must hold of the traffic that went
 * through it. Closing it stops its processes.
 */
public final class Deployment implements AutoCloseable {

  /**
   * Checks that the traffic through a deployment so far was what the configuration claims to
   * measure (mTLS between the proxies, for {@code mesh-pair-mtls}).
   */
  @FunctionalInterface
  public interface TrafficCheck {
    /**
     * @throws IOException saying what was wrong, or that it could not be checked
     */
    void verify() throws IOException, InterruptedException;
  }

  private final Map<Protocol, Target> targets;
  private final List<SutProcess> processes;
  private final List<Startup> startups;
  private final SutLauncher launcher;
  private final TrafficCheck trafficCheck;

  Deployment(
      Map<Protocol, Target> targets,
      List<SutProcess> processes,
      List<Startup> startups,
      SutLauncher launcher) {
    this(targets, processes, startups, launcher, () -> {});
  }

  Deployment(
      Map<Protocol, Target> targets,
      List<SutProcess> processes,
      List<Startup> startups,
      SutLauncher launcher,
      TrafficCheck trafficCheck) {
    this.targets = Map.copyOf(targets);
    this.processes = List.copyOf(processes);
    this.startups = List.copyOf(startups);
    this.launcher = launcher;
    this.trafficCheck = trafficCheck;
  }

  /**
   * Checks the traffic that went through so far (the runner calls it after the warm-up, before
   * anything is measured); nothing for most configurations.
   *
   * @throws IOException saying why the traffic was not what the configuration stands for
   */
  public void verifyTraffic() throws IOException, InterruptedException {
    trafficCheck.verify();
  }

  /** Where the load of {@code protocol} goes. */
  public Target target(Protocol protocol) {
    Target target = targets.get(protocol);
    if (target == null) {
      throw new IllegalArgumentException("no target for " + protocol);
    }
    return target;
  }

  /** The processes under test, client side first (the backend is measured on its own). */
  public List<MeasuredProcess> measured() {
    return processes.stream().map(p -> new MeasuredProcess(p.name(), p.pid())).toList();
  }

  /** Start-to-ready times of the proxies started for this deployment. */
  public List<Startup> startups() {
    return startups;
  }

  /** The first process that is no longer running, if any: a crash under load. */
  public Optional<SutProcess> dead() {
    return processes.stream().filter(p -> !p.isAlive()).findFirst();
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      launcher.stop(processes.get(i));
    }
  }
}
