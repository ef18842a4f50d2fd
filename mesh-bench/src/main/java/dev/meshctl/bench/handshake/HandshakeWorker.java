package dev.meshctl.bench.handshake;

import dev.meshctl.bench.identity.BenchCa;
import dev.meshctl.bench.identity.ProxyIdentity;
import dev.meshctl.bench.results.HandshakeResult;
import dev.meshctl.bench.transport.Transport;
import dev.meshctl.proxy.config.IdentityConfig.CertificateFiles;
import dev.meshctl.proxy.identity.FileIdentitySource;
import dev.meshctl.proxy.identity.IdentityMetrics;
import dev.meshctl.proxy.tls.MeshTls;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One JVM of {@code bench/handshakes}: a client end and a server end in this process, each on an
 * event loop of its own, with the identities a {@link BenchCa} issued ({@code bench-client} and
 * {@code backend}) loaded by the proxy's own {@link FileIdentitySource} into the proxy's own {@link
 * MeshTls}, which picks the TLS provider as the proxy does (BoringSSL when netty-tcnative loads,
 * else the JDK; {@code -Dio.netty.handler.ssl.noOpenSsl=true} makes it the JDK). Measures three
 * variants in turn (see {@link HandshakePlan}): plaintext, mTLS set up as the proxy does (which
 * resumes sessions where the provider keeps them) and mTLS with every handshake a full one, with
 * the CPU time of each end's event loop and of the whole process for each.
 */
public final class HandshakeWorker {

  private final HandshakePlan plan;
  private final String worker;
  private final PrintStream log;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * @param worker this JVM's name in the results ({@code boringssl}, {@code jdk})
   */
  public HandshakeWorker(HandshakePlan plan, String worker, PrintStream log) {
    this.plan = plan;
    this.worker = worker;
    this.log = log;
  }

  /** Runs the plan with the identities issued into the CA directory {@code identityDir}. */
  public List<HandshakeResult> run(Path identityDir)
      throws InterruptedException, ExecutionException {
    ProxyIdentity client = BenchCa.files(identityDir, BenchCa.identity(BenchCa.CLIENT));
    ProxyIdentity server = BenchCa.files(identityDir, BenchCa.identity(BenchCa.SERVER));
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    Transport transport = Transport.best();
    EventLoopGroup serverGroup = transport.newGroup(1, "handshake-server");
    EventLoopGroup clientGroup = transport.newGroup(1, "handshake-client");
    try (FileIdentitySource clientSource = load(client, poller);
        FileIdentitySource serverSource = load(server, poller)) {
      MeshTls clientTls = MeshTls.create(clientSource);
      MeshTls serverTls = MeshTls.create(serverSource);
      long leafLength = certificateLength(serverTls);
      EventLoop loop = clientGroup.next();
      long clientThread = threadId(loop);
      long serverThread = threadId(serverGroup.next());
      try (HandshakeServer servers = HandshakeServer.start(transport, serverGroup, serverTls)) {
        Series plaintext =
            new Series(
                HandshakeResult.PLAINTEXT,
                "none",
                n -> SequentialConnections.plaintext(transport, loop, servers.plaintext(), n));
        Series mtls = mtls(HandshakeResult.MTLS, true, transport, loop, servers, clientTls, server);
        Series mtlsFull =
            mtls(HandshakeResult.MTLS_FULL, false, transport, loop, servers, clientTls, server);
        List<Series> all = List.of(plaintext, mtls, mtlsFull);
        log.printf(
            Locale.ROOT,
            "%s: %s transport, TLS by %s; warming up with %,d connections of each%n",
            worker,
            transport.name(),
            clientTls.providerName(),
            plan.warmup());
        for (int r = 0; r < plan.rounds(); r++) {
          int n = plan.warmup() / plan.rounds() + (r < plan.warmup() % plan.rounds() ? 1 : 0);
          for (Series s : order(r, all)) {
            s.run(n, clientThread, serverThread, false);
          }
        }
        for (int r = 0; r < plan.rounds(); r++) {
          for (Series s : order(r, all)) {
            s.run(plan.perRound(), clientThread, serverThread, true);
          }
          log.printf(Locale.ROOT, "%s: round %d of %d done%n", worker, r + 1, plan.rounds());
        }
        long fullFlight = ServerFlightCounter.median(mtlsFull.flights());
        return all.stream().map(series -> series.result(fullFlight, leafLength)).toList();
      }
    } finally {
      clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      poller.shutdownNow();
    }
  }

  /** The variants in the order of round {@code round}: rotated by one each round. */
  private static List<Series> order(int round, List<Series> variants) {
    List<Series> rotated = new ArrayList<>(variants);
    Collections.rotate(rotated, -(round % variants.size()));
    return rotated;
  }

  private Series mtls(
      String variant,
      boolean resumable,
      Transport transport,
      EventLoop loop,
      HandshakeServer servers,
      MeshTls clientTls,
      ProxyIdentity server) {
    return new Series(
        variant,
        clientTls.providerName().name(),
        n ->
            SequentialConnections.mtls(
                transport, loop, servers.mtls(), clientTls, server.dnsName(), resumable, n));
  }

  private static FileIdentitySource load(ProxyIdentity identity, ScheduledExecutorService poller) {
    return FileIdentitySource.load(
        identity.dnsName(),
        new CertificateFiles(identity.certificateFile(), identity.keyFile()),
        identity.trustAnchorsFile(),
        poller,
        IdentityMetrics.none());
  }

  /** The server leaf's DER length: what a resumed handshake's server flight lacks at least. */
  private static long certificateLength(MeshTls tls) {
    try {
      return tls.credentials().orElseThrow().leaf().getEncoded().length;
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("the server's certificate cannot be encoded", e);
    }
  }

  private static long threadId(EventLoop loop) throws InterruptedException, ExecutionException {
    return loop.submit(() -> Thread.currentThread().getId()).get();
  }

  /** Starts {@code n} sequential connections of one variant. */
  private interface Connections {
    io.netty.util.concurrent.Future<SequentialConnections.Outcome> open(int n);
  }

  /** One variant's measured rounds, added up. */
  private final class Series {
    final String variant;
    final String provider;
    final Connections connections;
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    final List<String> negotiated = new ArrayList<>();
    final List<long[]> flights = new ArrayList<>();
    long count;
    long wallNanos;
    long clientCpuNanos;
    long serverCpuNanos;
    long processCpuNanos;

    Series(String variant, String provider, Connections connections) {
      this.variant = variant;
      this.provider = provider;
      this.connections = connections;
    }

    void run(int n, long clientThread, long serverThread, boolean measured)
        throws InterruptedException, ExecutionException {
      if (n == 0) {
        return;
      }
      long client = threads.getThreadCpuTime(clientThread);
      long server = threads.getThreadCpuTime(serverThread);
      long process = os.getProcessCpuTime();
      SequentialConnections.Outcome outcome = connections.open(n).get();
      long processAfter = os.getProcessCpuTime();
      long serverAfter = threads.getThreadCpuTime(serverThread);
      long clientAfter = threads.getThreadCpuTime(clientThread);
      if (!measured) {
        return;
      }
      latency.add(outcome.latencyNanos());
      if (negotiated.isEmpty()) {
        negotiated.add(outcome.negotiated());
      }
      count += n;
      flights.add(outcome.serverFlights());
      wallNanos += outcome.wallNanos();
      clientCpuNanos += clientAfter - client;
      serverCpuNanos += serverAfter - server;
      processCpuNanos += processAfter - process;
    }

    /** The server flights of every measured connection. */
    long[] flights() {
      return flights.stream().flatMapToLong(Arrays::stream).toArray();
    }

    /**
     * @param fullFlight a full handshake's server flight, as the forced-full variant measured it
     * @param leafLength the server leaf's length, which a resumed handshake does not send
     */
    HandshakeResult result(long fullFlight, long leafLength) {
      long fullHandshakes =
          provider.equals("none")
              ? 0
              : Arrays.stream(flights())
                  .filter(f -> ServerFlightCounter.isFull(f, fullFlight, leafLength))
                  .count();
      return new HandshakeResult(
          worker,
          variant,
          provider,
          negotiated.isEmpty() ? "" : negotiated.get(0),
          count,
          fullHandshakes,
          latency.getValueAtPercentile(50) / 1e6,
          latency.getValueAtPercentile(90) / 1e6,
          latency.getValueAtPercentile(99) / 1e6,
          latency.getMaxValue() / 1e6,
          latency.getMean() / 1e6,
          wallNanos / 1e9,
          clientCpuNanos / 1e9,
          serverCpuNanos / 1e9,
          processCpuNanos / 1e9);
    }
  }
}
