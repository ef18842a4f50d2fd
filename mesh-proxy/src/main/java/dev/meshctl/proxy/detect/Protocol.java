package dev.meshctl.proxy.detect;

/** What a connection speaks, as far as the proxy cares. */
public enum Protocol {
  /** An HTTP/1.x request line came first. */
  HTTP1,
  /** The HTTP/2 connection preface came first (prior knowledge, RFC 9113 section 3.4). */
  HTTP2,
  /** A TLS ClientHello came first; carried as opaque bytes until the proxy terminates TLS. */
  TLS,
  /** Anything else, a silent client, or a port configured as opaque. */
  OPAQUE
}
