package dev.meshctl.bench.results;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One variant of {@code bench/handshakes} as one worker JVM measured it: its connections (each
 * connect, handshake, one request and response, close), their latency, and the CPU they cost.
 *
 * @param worker the JVM that measured it, by the TLS provider it was started for ({@code
 *     boringssl}, {@code jdk}); its plaintext run is the reference of its mTLS run
 * @param variant {@code plaintext}; {@code mtls}, set up as the proxy does (resumes a session where
 *     the provider keeps them); or {@code mtls-full}, every handshake a full one
 * @param provider the TLS implementation the proxy's {@code MeshTls} chose in that JVM ({@code
 *     OPENSSL}: BoringSSL, or {@code JDK}); {@code none} for plaintext
 * @param negotiated the protocol, cipher suite and ALPN of the first connection
 * @param fullHandshakes connections whose handshake was a full one, the server's certificate sent
 *     (the others resumed a session); 0 for plaintext
 * @param wallSeconds the time the measured connections took, one after the other
 * @param clientCpuSeconds CPU time of the client end's event loop thread
 * @param serverCpuSeconds CPU time of the server end's event loop thread
 * @param processCpuSeconds CPU time of the whole worker process (both ends, GC and JIT included)
 */
public record HandshakeResult(
    String worker,
    String variant,
    String provider,
    String negotiated,
    long connections,
    long fullHandshakes,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double maxMs,
    double meanMs,
    double wallSeconds,
    double clientCpuSeconds,
    double serverCpuSeconds,
    double processCpuSeconds) {

  public static final String PLAINTEXT = "plaintext";
  public static final String MTLS = "mtls";
  public static final String MTLS_FULL = "mtls-full";

  /** Whether this is one of the mTLS variants. */
  public boolean tls() {
    return !variant.equals(PLAINTEXT);
  }

  /** Connections per second of wall time, one at a time. */
  public double connectionsPerSecond() {
    return connections / wallSeconds;
  }

  /** Connections per second of the process's CPU time: how many one CPU second pays for. */
  public double connectionsPerCpuSecond() {
    return connections / processCpuSeconds;
  }

  /** CPU milliseconds per connection of the whole process. */
  public double cpuMsPerConnection() {
    return processCpuSeconds * 1000 / connections;
  }

  /** CPU milliseconds per connection of the client end's event loop. */
  public double clientCpuMsPerConnection() {
    return clientCpuSeconds * 1000 / connections;
  }

  /** CPU milliseconds per connection of the server end's event loop. */
  public double serverCpuMsPerConnection() {
    return serverCpuSeconds * 1000 / connections;
  }

  /** One line, {@code key=value} separated by tabs: how a worker hands its results over. */
  public String toLine() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("worker", worker);
    fields.put("variant", variant);
    fields.put("provider", provider);
    fields.put("negotiated", negotiated);
    fields.put("connections", Long.toString(connections));
    fields.put("fullHandshakes", Long.toString(fullHandshakes));
    fields.put("p50Ms", number(p50Ms));
    fields.put("p90Ms", number(p90Ms));
    fields.put("p99Ms", number(p99Ms));
    fields.put("maxMs", number(maxMs));
    fields.put("meanMs", number(meanMs));
    fields.put("wallSeconds", number(wallSeconds));
    fields.put("clientCpuSeconds", number(clientCpuSeconds));
    fields.put("serverCpuSeconds", number(serverCpuSeconds));
    fields.put("processCpuSeconds", number(processCpuSeconds));
    StringBuilder out = new StringBuilder();
    fields.forEach(
        (k, v) -> {
          if (v.indexOf('\t') >= 0 || v.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(k + " holds a tab or a new line: " + v);
          }
          out.append(out.length() == 0 ? "" : "\t").append(k).append('=').append(v);
        });
    return out.toString();
  }

  /** Reads a line written by {@link #toLine}. */
  public static HandshakeResult parse(String line) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String field : line.strip().split("\t")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("not key=value: " + field);
      }
      f.put(field.substring(0, eq), field.substring(eq + 1));
    }
    try {
      return new HandshakeResult(
          get(f, "worker"),
          get(f, "variant"),
          get(f, "provider"),
          get(f, "negotiated"),
          Long.parseLong(get(f, "connections")),
          Long.parseLong(get(f, "fullHandshakes")),
          Double.parseDouble(get(f, "p50Ms")),
          Double.parseDouble(get(f, "p90Ms")),
          Double.parseDouble(get(f, "p99Ms")),
          Double.parseDouble(get(f, "maxMs")),
          Double.parseDouble(get(f, "meanMs")),
          Double.parseDouble(get(f, "wallSeconds")),
          Double.parseDouble(get(f, "clientCpuSeconds")),
          Double.parseDouble(get(f, "serverCpuSeconds")),
          Double.parseDouble(get(f, "processCpuSeconds")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a handshake result: " + line, e);
    }
  }

  private static String get(Map<String, String> fields, String key) {
    String value = fields.get(key);
    if (value == null) {
      throw new IllegalArgumentException("handshake result without " + key);
    }
    return value;
  }

  /** Exact: {@link Double#parseDouble} reads back the same value. */
  private static String number(double v) {
    return Double.toString(v);
  }
}
