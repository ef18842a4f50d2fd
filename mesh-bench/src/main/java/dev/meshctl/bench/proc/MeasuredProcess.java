package dev.meshctl.bench.proc;

/**
 * A process whose cost is reported, by the name the tables use ({@code outbound proxy}, {@code
 * nginx hop 1}...). Its children count with it (nginx's workers with their master).
 */
public record MeasuredProcess(String name, long pid) {}
