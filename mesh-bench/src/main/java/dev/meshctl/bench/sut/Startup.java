package dev.meshctl.bench.sut;

/**
 * How long a proxy took from its process being started to its admin {@code /ready} answering 200.
 *
 * @param process the process, as named in the tables
 * @param readyMillis milliseconds from start to ready
 * @param classDataSharing whether the launcher's class-data sharing archive existed (the shipped
 *     default from the second start on)
 */
public record Startup(String process, double readyMillis, boolean classDataSharing) {}
