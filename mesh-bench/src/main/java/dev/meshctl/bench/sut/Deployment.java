package dev.meshctl.bench.sut;

import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.Target;
import dev.meshctl.bench.proc.MeasuredProcess;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration up and running: where each protocol's load goes, the processes whose cost is
 * reported, and how long the proxies took to become ready. Closing it stops its processes.
 */
public final class Deployment implements AutoCloseable {

  private final Map<Protocol, Target> targets;
  private final List<SutProcess> processes;
  private final List<Startup> startups;
  private final SutLauncher launcher;

  Deployment(
      Map<Protocol, Target> targets,
      List<SutProcess> processes,
      List<Startup> startups,
      SutLauncher launcher) {
    this.targets = Map.copyOf(targets);
    this.processes = List.copyOf(processes);
    this.startups = List.copyOf(startups);
    this.launcher = launcher;
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
