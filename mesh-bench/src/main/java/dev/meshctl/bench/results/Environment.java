package dev.meshctl.bench.results;

import java.util.List;

/**
 * The machine and software a run measured, so that results are read against them.
 *
 * @param loadAverageAtStart the machine's load averages (1, 5, 15 minutes) when the run started:
 *     other work competing for the CPUs
 * @param proxyJvmOptions the JVM options the proxies actually ran with, read from a running proxy's
 *     command line (the launcher's shipped defaults)
 */
public record Environment(
    String cpu,
    int cores,
    String kernel,
    String java,
    String nginx,
    String haproxy,
    String proxyJar,
    String proxyJarSha256,
    String gitCommit,
    String loadCpus,
    String sutCpus,
    String loadAverageAtStart,
    List<String> proxyJvmOptions,
    List<String> backendJvmOptions,
    List<String> generatorJvmOptions) {}
