package dev.meshctl.bench.proc;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures what a set of processes use over one run: CPU time from before to after, the peak
 * resident set over the run (each process's peak restarted at the start), and how much of the CPUs'
 * time went to anything else.
 */
public final class UsageMeter {

  /** What a run used. */
  public record Usage(List<ProcessUsage> processes, Background background) {}

  private final List<MeasuredProcess> processes;
  private final List<List<Long>> trees = new ArrayList<>();
  private final long ticksPerSecond;
  private final List<Integer> sutCpus;
  private final List<Integer> loadCpus;
  private final long self = ProcessHandle.current().pid();

  /**
   * @param sutCpus the CPUs the processes run on
   * @param loadCpus the CPUs this process (the load generator) runs on
   */
  public UsageMeter(
      List<MeasuredProcess> processes,
      long ticksPerSecond,
      List<Integer> sutCpus,
      List<Integer> loadCpus) {
    this.processes = List.copyOf(processes);
    // Each process with its children, found once: scanning /proc at every run would put needless
    // work on the load generator's CPU just before and after each measurement.
    for (MeasuredProcess p : this.processes) {
      trees.add(ProcStats.tree(p.pid()));
    }
    this.ticksPerSecond = ticksPerSecond;
    this.sutCpus = List.copyOf(sutCpus);
    this.loadCpus = List.copyOf(loadCpus);
  }

  /** The state at the start of a run. */
  public final class Start {
    private final long[] ticks;
    private final boolean[] reset;
    private final long[] sut;
    private final long[] load;
    private final long selfTicks;

    private Start(long[] ticks, boolean[] reset) {
      this.ticks = ticks;
      this.reset = reset;
      this.sut = ProcStats.cpuBusyTotal(sutCpus);
      this.load = ProcStats.cpuBusyTotal(loadCpus);
      this.selfTicks = ProcStats.cpuTicks(self).orElse(0);
    }

    /** Usage from the start to now, CPU per 1,000 of {@code requests}. */
    public Usage end(long requests) {
      long[] sutNow = ProcStats.cpuBusyTotal(sutCpus);
      long[] loadNow = ProcStats.cpuBusyTotal(loadCpus);
      long selfNow = ProcStats.cpuTicks(self).orElse(0);
      List<ProcessUsage> usage = new ArrayList<>();
      long measuredTicks = 0;
      for (int i = 0; i < processes.size(); i++) {
        MeasuredProcess p = processes.get(i);
        long used = ticks(trees.get(i)) - ticks[i];
        measuredTicks += used;
        double cpu = used / (double) ticksPerSecond;
        long peakKib = 0;
        for (long pid : trees.get(i)) {
          peakKib += ProcStats.peakRssKib(pid).orElse(0);
        }
        usage.add(
            new ProcessUsage(
                p.name(),
                cpu,
                requests > 0 ? cpu * 1000 / requests : 0,
                peakKib / 1024.0,
                !reset[i]));
      }
      Background background =
          new Background(
              share(sutNow[0] - sut[0] - measuredTicks, sutNow[1] - sut[1]),
              share(loadNow[0] - load[0] - (selfNow - selfTicks), loadNow[1] - load[1]));
      return new Usage(usage, background);
    }
  }

  /** Takes the CPU times and restarts the peaks. */
  public Start start() {
    long[] ticks = new long[processes.size()];
    boolean[] reset = new boolean[processes.size()];
    for (int i = 0; i < processes.size(); i++) {
      boolean all = true;
      for (long pid : trees.get(i)) {
        all &= ProcStats.resetPeakRss(pid);
      }
      reset[i] = all;
      ticks[i] = ticks(trees.get(i));
    }
    return new Start(ticks, reset);
  }

  private static double share(long ticks, long total) {
    return total > 0 ? Math.max(0, ticks) / (double) total : 0;
  }

  private static long ticks(List<Long> tree) {
    long sum = 0;
    for (long pid : tree) {
      sum += ProcStats.cpuTicks(pid).orElse(0);
    }
    return sum;
  }
}
