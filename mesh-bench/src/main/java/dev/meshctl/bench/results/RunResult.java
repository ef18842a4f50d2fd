package dev.meshctl.bench.results;

import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.proc.Background;
import dev.meshctl.bench.proc.ProcessUsage;
import java.util.List;

/**
 * One measured run, what each process under test (and the backend) used during it, and how much
 * else ran on the CPUs meanwhile.
 */
public record RunResult(LoadResult load, List<ProcessUsage> usage, Background background) {}
