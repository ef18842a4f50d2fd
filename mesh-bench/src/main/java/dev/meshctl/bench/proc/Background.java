package dev.meshctl.bench.proc;

/**
 * CPU time during a run that belongs to none of the measured processes, as a share of the CPUs'
 * time: other work on the machine, and kernel work (interrupts) not charged to a process. High
 * values mean the run was disturbed.
 *
 * @param sutCpus on the CPUs under test, not used by the processes under test nor the backend
 * @param loadCpus on the load generator's CPUs, not used by the load generator
 */
public record Background(double sutCpus, double loadCpus) {}
