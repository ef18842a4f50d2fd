package dev.meshctl.proxy.http;

/** Headers the proxies set for each other and for the application. */
public final class MeshHeaders {

  /**
   * Set by the inbound proxy on requests that came over the mesh's mTLS: the identity the client's
   * certificate proved. Removed from every other inbound request, so that it cannot be forged.
   */
  public static final String CLIENT_ID = "mesh-client-id";

  /**
   * Set by the outbound proxy on an HTTP/1 request it carries to a meshed endpoint over HTTP/2: the
   * protocol the application used ({@code HTTP/1.1}), which the inbound proxy restores before
   * handing the request to its application.
   */
  public static final String ORIG_PROTO = "mesh-orig-proto";

  static final String HTTP_1_1 = "HTTP/1.1";

  private MeshHeaders() {}
}
