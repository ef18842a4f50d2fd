package dev.meshctl.proxy.tls;

import dev.meshctl.proxy.detect.ProtocolDetectHandler;
import dev.meshctl.proxy.detect.ProtocolStacks;
import dev.meshctl.proxy.detect.TlsTermination;
import dev.meshctl.proxy.metrics.ProxyMetrics;
import io.netty.channel.ChannelPipeline;
import java.time.Duration;

/**
 * The inbound listener's handling of TLS: a {@link MeshTlsAcceptor} that terminates the mesh's mTLS
 * and detects the protocol inside it again, or relays any other TLS.
 */
public final class MeshTlsTermination implements TlsTermination {

  private final MeshTls tls;
  private final ProxyMetrics metrics;
  private final Duration detectTimeout;
  private final int maxPeek;

  public MeshTlsTermination(
      MeshTls tls, ProxyMetrics metrics, Duration detectTimeout, int maxPeek) {
    this.tls = tls;
    this.metrics = metrics;
    this.detectTimeout = detectTimeout;
    this.maxPeek = maxPeek;
  }

  @Override
  public void install(ChannelPipeline pipeline, ProtocolStacks stacks) {
    pipeline.addLast(
        "tls-accept",
        new MeshTlsAcceptor(
            tls,
            metrics,
            () -> new ProtocolDetectHandler(detectTimeout, maxPeek, stacks::install),
            stacks::installOpaque));
  }
}
