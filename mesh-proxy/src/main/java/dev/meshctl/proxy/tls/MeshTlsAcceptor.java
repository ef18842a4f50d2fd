package dev.meshctl.proxy.tls;

import dev.meshctl.proxy.metrics.ProxyMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decides, from a TLS ClientHello on the inbound listener, whether the connection is the mesh's: a
 * meshed client's proxy names the identity it expects as the server name (SNI). When that is this
 * proxy's identity, or another identity of the same mesh (same {@code
 * .serviceaccount.identity.<namespace>.<trust domain>} suffix: the client expects someone else
 * here, and must be shown who it reached so that it refuses with a clear reason), the proxy
 * terminates the mTLS itself ({@code tls -> tls-identity -> tls-detect}, then the protocol inside
 * is detected again); otherwise the bytes are the application's own TLS and are relayed untouched.
 * Peeks at the ClientHello without consuming it.
 *
 * <p>Pipeline: {@code tcp-metrics -> idle -> (detect, removed) -> this}.
 */
public final class MeshTlsAcceptor extends AbstractSniHandler<Optional<SslContext>> {

  private final MeshTls tls;
  private final ProxyMetrics metrics;
  private final Supplier<ChannelHandler> detector;
  private final Consumer<ChannelPipeline> relay;
  private final String meshSuffix;

  /**
   * @param detector a new protocol detector for the decrypted stream
   * @param relay installs the opaque relay, for TLS that is not the mesh's
   */
  public MeshTlsAcceptor(
      MeshTls tls,
      ProxyMetrics metrics,
      Supplier<ChannelHandler> detector,
      Consumer<ChannelPipeline> relay) {
    this.tls = tls;
    this.metrics = metrics;
    this.detector = detector;
    this.relay = relay;
    this.meshSuffix = meshSuffix(tls.localName());
  }

  /**
   * The part of identity names all identities of this mesh share, or null when the local name is
   * not of the mesh's form (then only the exact name is the mesh's).
   */
  static String meshSuffix(String localName) {
    int at = localName.indexOf(".serviceaccount.identity.");
    return at < 0 ? null : localName.substring(at).toLowerCase(java.util.Locale.ROOT);
  }

  private boolean isMeshName(String hostname) {
    if (hostname == null) {
      return false;
    }
    return hostname.equalsIgnoreCase(tls.localName())
        || (meshSuffix != null && hostname.toLowerCase(java.util.Locale.ROOT).endsWith(meshSuffix));
  }

  @Override
  protected Future<Optional<SslContext>> lookup(ChannelHandlerContext ctx, String hostname) {
    Optional<SslContext> server = isMeshName(hostname) ? tls.server() : Optional.empty();
    return ctx.executor().newSucceededFuture(server);
  }

  @Override
  protected void onLookupComplete(
      ChannelHandlerContext ctx, String hostname, Future<Optional<SslContext>> future) {
    ChannelPipeline pipeline = ctx.pipeline();
    Optional<SslContext> server = future.isSuccess() ? future.getNow() : Optional.empty();
    if (server.isEmpty() && isMeshName(hostname)) {
      // Meant for this proxy, which has no certificate yet (it is not ready): refuse.
      ctx.close();
      return;
    }
    if (server.isEmpty()) {
      relay.accept(pipeline);
      pipeline.remove(this);
      return;
    }
    String name = ctx.name();
    pipeline.addAfter(name, "tls-identity", new TlsIdentityHandler(metrics));
    pipeline.addAfter("tls-identity", "tls-detect", detector.get());
    pipeline.replace(this, "tls", server.get().newHandler(ctx.alloc()));
  }
}
