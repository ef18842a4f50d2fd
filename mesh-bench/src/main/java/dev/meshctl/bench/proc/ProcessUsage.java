package dev.meshctl.bench.proc;

/**
 * What one process (with its children) used during one run.
 *
 * @param cpuSeconds user plus system CPU time
 * @param cpuSecondsPer1000 CPU time per 1,000 successful requests
 * @param peakRssMib the highest resident set during the run (the whole process tree's)
 * @param peakSinceStart true when the peak could not be restarted for the run and is the peak since
 *     the process started
 */
public record ProcessUsage(
    String name,
    double cpuSeconds,
    double cpuSecondsPer1000,
    double peakRssMib,
    boolean peakSinceStart) {}
