package dev.meshctl.bench.report;

import dev.meshctl.bench.load.Protocol;

/**
 * One of the mesh's performance targets, checked against this run.
 *
 * @param protocol the protocol it was measured with; null for targets that do not depend on one
 * @param measured the mesh's figure; null when it could not be measured
 * @param limit the figure to meet (a fixed target, or the peer's figure in this run)
 * @param met whether it was met; null when it could not be measured
 * @param note why it could not be measured, or what the figure is made of
 */
public record TargetCheck(
    String id,
    String description,
    Protocol protocol,
    Double measured,
    String unit,
    Double limit,
    Boolean met,
    String note) {}
