package dev.meshctl.controller.tap;

/**
 * One proxy to tap: its pod, where its tap server answers, and the identity its certificate must
 * name.
 *
 * @param pod the pod's name, which also prefixes the ids of its events
 * @param host the pod's IP
 * @param port its proxy's tap port ({@code meshctl.dev/proxy-tap-port}, else 4190)
 * @param identity the DNS form of the pod's identity, checked against the tap server's certificate
 */
record TapTarget(String namespace, String pod, String host, int port, String identity) {

  /** {@code host:port}, bracketed for IPv6, for connecting and for messages. */
  String address() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
