package dev.meshctl.bench.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.bench.identity.BenchCa;
import dev.meshctl.bench.identity.ProxyIdentity;
import dev.meshctl.bench.transport.Transport;
import dev.meshctl.proxy.config.IdentityConfig.CertificateFiles;
import dev.meshctl.proxy.identity.FileIdentitySource;
import dev.meshctl.proxy.identity.IdentityMetrics;
import dev.meshctl.proxy.tls.MeshTls;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few real connections of each kind bench/handshakes measures, over loopback with the proxy's own
 * TLS: they complete, mTLS is TLS 1.3 with ALPN h2, and only the proxy's set-up resumes. Checks the
 * harness, measures nothing.
 */
class HandshakeConnectionsTest {

  @TempDir Path dir;

  @Test
  void plaintextAndMtlsConnections_completeTheirRequest() throws Exception {
    BenchCa ca = BenchCa.create(dir);
    ProxyIdentity client = ca.issue(BenchCa.identity(BenchCa.CLIENT));
    ProxyIdentity server = ca.issue(BenchCa.identity(BenchCa.SERVER));
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    Transport transport = Transport.best();
    EventLoopGroup group = transport.newGroup(1, "handshake-test");
    try (FileIdentitySource clientSource = load(client, poller);
        FileIdentitySource serverSource = load(server, poller);
        HandshakeServer servers =
            HandshakeServer.start(transport, group, MeshTls.create(serverSource))) {
      MeshTls clientTls = MeshTls.create(clientSource);
      EventLoop loop = group.next();

      SequentialConnections.Outcome plaintext =
          SequentialConnections.plaintext(transport, loop, servers.plaintext(), 2).get();
      SequentialConnections.Outcome full =
          SequentialConnections.mtls(
                  transport, loop, servers.mtls(), clientTls, server.dnsName(), false, 3)
              .get();
      SequentialConnections.Outcome asProxy =
          SequentialConnections.mtls(
                  transport, loop, servers.mtls(), clientTls, server.dnsName(), true, 3)
              .get();

      assertThat(plaintext.latencyNanos().getTotalCount()).isEqualTo(2);
      assertThat(full.latencyNanos().getTotalCount()).isEqualTo(3);
      assertThat(full.negotiated()).startsWith("TLSv1.3 ").endsWith("ALPN h2");
      long fullFlight = ServerFlightCounter.median(full.serverFlights());
      long leaf = 400; // less than any leaf of the mesh CA, which carries two long names
      for (long flight : full.serverFlights()) {
        assertThat(ServerFlightCounter.isFull(flight, fullFlight, leaf)).isTrue();
      }
      // The first connection set up as the proxy does is full, the next ones resume it.
      assertThat(ServerFlightCounter.isFull(asProxy.serverFlights()[0], fullFlight, leaf)).isTrue();
      assertThat(ServerFlightCounter.isFull(asProxy.serverFlights()[2], fullFlight, leaf))
          .isFalse();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      poller.shutdownNow();
    }
  }

  private static FileIdentitySource load(ProxyIdentity identity, ScheduledExecutorService poller) {
    return FileIdentitySource.load(
        identity.dnsName(),
        new CertificateFiles(identity.certificateFile(), identity.keyFile()),
        identity.trustAnchorsFile(),
        poller,
        IdentityMetrics.none());
  }
}
