package dev.meshctl.proxy.tls;

import dev.meshctl.proxy.http.ConnectionContext;
import dev.meshctl.proxy.metrics.Peer;
import dev.meshctl.proxy.metrics.ProxyMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Right after the {@code tls} handler of an inbound mTLS connection: when the handshake has
 * succeeded, records the identity the client's certificate proved in the connection's {@link
 * ConnectionContext} (read by metrics and by the {@code mesh-client-id} header) and removes itself,
 * before any decrypted byte reaches protocol detection. A failed handshake is counted and logged;
 * the TLS handler closes the connection.
 */
final class TlsIdentityHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = Logger.getLogger(TlsIdentityHandler.class.getName());

  private final ProxyMetrics metrics;

  TlsIdentityHandler(ProxyMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent done) {
      ConnectionContext connection = ConnectionContext.of(ctx.channel());
      if (done.isSuccess()) {
        Optional<String> client = clientIdentity(ctx.pipeline().get(SslHandler.class));
        ctx.channel().attr(ConnectionContext.KEY).set(connection.withTls(client));
        ctx.pipeline().remove(this);
      } else {
        metrics.tlsHandshakeFailed(
            connection.direction(), Peer.SRC, TlsErrors.reason(done.cause()));
        LOG.log(
            Level.FINE,
            "{0} mTLS handshake from {1} failed: {2}",
            new Object[] {
              connection.direction().label(),
              ctx.channel().remoteAddress(),
              TlsErrors.describe(done.cause())
            });
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  private static Optional<String> clientIdentity(SslHandler ssl) {
    try {
      Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf
          ? PeerIdentity.of(leaf)
          : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }
}
