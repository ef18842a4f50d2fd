package dev.meshctl.proxy.tap;

import dev.meshctl.proxy.tls.PeerIdentity;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Decides who may tap, before any call reaches {@link TapService}: over mTLS, only a client whose
 * certificate's DNS name is exactly the tap service's identity (the TLS handshake has already
 * checked that the certificate chains to a trust anchor); on a proxy without identity, only
 * loopback callers. Anyone else gets PERMISSION_DENIED saying why.
 */
final class TapAuthorization implements ServerInterceptor {

  /** Null for the loopback-only kind. */
  private final String allowedIdentity;

  private TapAuthorization(String allowedIdentity) {
    this.allowedIdentity = allowedIdentity;
  }

  /** Only the client that proved {@code identity} over mTLS. */
  static TapAuthorization identity(String identity) {
    return new TapAuthorization(identity);
  }

  /** Only callers on a loopback address (a plaintext tap server). */
  static TapAuthorization loopbackOnly() {
    return new TapAuthorization(null);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String refusal =
        allowedIdentity == null
            ? loopbackRefusal(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR))
            : identityRefusal(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (refusal != null) {
      call.close(Status.PERMISSION_DENIED.withDescription(refusal), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }

  private String identityRefusal(SSLSession session) {
    if (session == null) {
      return "tap is served over mTLS only";
    }
    Optional<String> presented = Optional.empty();
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
        presented = PeerIdentity.of(leaf);
      }
    } catch (SSLPeerUnverifiedException e) {
      return "tap needs a client certificate for " + allowedIdentity;
    }
    if (presented.isPresent() && presented.get().equalsIgnoreCase(allowedIdentity)) {
      return null;
    }
    return "tap is allowed only to "
        + allowedIdentity
        + "; the client presented "
        + presented.map(id -> "identity " + id).orElse("a certificate without a DNS name");
  }

  private static String loopbackRefusal(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet
        && inet.getAddress() != null
        && inet.getAddress().isLoopbackAddress()) {
      return null;
    }
    return "this proxy has no identity, so its tap server answers loopback callers only; the call"
        + " came from "
        + (TapRequestHead.address(remote).isEmpty()
            ? String.valueOf(remote)
            : TapRequestHead.address(remote));
  }
}
