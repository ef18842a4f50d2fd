package dev.meshctl.bench.run;

import dev.meshctl.bench.load.Protocol;
import java.nio.file.Path;
import java.util.List;

/**
 * Where things are and what to run.
 *
 * @param out the results directory
 * @param proxyJar the proxy jar under test (copied into the work directory first, so that a rebuild
 *     during the run cannot change it)
 * @param proxyLauncher the project's launcher script, {@code mesh-proxy/bin/mesh-proxy}
 * @param sutCpus CPUs for everything under test, as {@code taskset -c} takes them
 * @param protocols the protocols to run
 * @param only configuration ids to run; empty for all
 */
public record RunSettings(
    Path out,
    Path proxyJar,
    Path proxyLauncher,
    String sutCpus,
    List<Protocol> protocols,
    List<String> only) {}
