package dev.meshctl.bench.report;

import dev.meshctl.bench.results.HandshakeResult;
import dev.meshctl.bench.results.HandshakeResults;
import java.util.ArrayList;
import java.util.List;

/**
 * An mTLS result of {@code bench/handshakes} against the plaintext one of the same worker JVM,
 * measured alternately with it: what the handshake adds to a new connection, in latency and CPU.
 */
public record HandshakeComparison(HandshakeResult mtls, HandshakeResult plaintext) {

  /** Every mTLS result that has a plaintext reference, in the order measured. */
  public static List<HandshakeComparison> of(HandshakeResults results) {
    List<HandshakeComparison> out = new ArrayList<>();
    for (HandshakeResult r : results.results()) {
      if (r.tls()) {
        results.plaintextOf(r).ifPresent(p -> out.add(new HandshakeComparison(r, p)));
      }
    }
    return out;
  }

  /** p50 latency of a new connection, mTLS over plaintext. */
  public double p50Ratio() {
    return mtls.p50Ms() / plaintext.p50Ms();
  }

  /** p99 latency of a new connection, mTLS over plaintext. */
  public double p99Ratio() {
    return mtls.p99Ms() / plaintext.p99Ms();
  }

  /** What mTLS adds to the p50 latency of a new connection, ms. */
  public double addedP50Ms() {
    return mtls.p50Ms() - plaintext.p50Ms();
  }

  /** What mTLS adds to the p99 latency of a new connection, ms. */
  public double addedP99Ms() {
    return mtls.p99Ms() - plaintext.p99Ms();
  }

  /** CPU per connection (the whole process), mTLS over plaintext. */
  public double cpuRatio() {
    return mtls.cpuMsPerConnection() / plaintext.cpuMsPerConnection();
  }

  /** What mTLS adds to the CPU of a connection (the whole process: both ends), ms. */
  public double addedCpuMs() {
    return mtls.cpuMsPerConnection() - plaintext.cpuMsPerConnection();
  }

  /** What mTLS adds to the client end's CPU per connection, ms. */
  public double addedClientCpuMs() {
    return mtls.clientCpuMsPerConnection() - plaintext.clientCpuMsPerConnection();
  }

  /** What mTLS adds to the server end's CPU per connection, ms. */
  public double addedServerCpuMs() {
    return mtls.serverCpuMsPerConnection() - plaintext.serverCpuMsPerConnection();
  }

  /** Connections per CPU second, mTLS over plaintext (below 1: fewer per CPU second). */
  public double connectionsPerCpuSecondRatio() {
    return mtls.connectionsPerCpuSecond() / plaintext.connectionsPerCpuSecond();
  }

  /** Connections per second, one at a time, mTLS over plaintext. */
  public double connectionsPerSecondRatio() {
    return mtls.connectionsPerSecond() / plaintext.connectionsPerSecond();
  }
}
