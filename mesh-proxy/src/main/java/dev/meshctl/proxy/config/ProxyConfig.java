package dev.meshctl.proxy.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;

/**
 * The proxy's whole configuration, parsed and validated once at start from {@code MESH_PROXY_*}
 * environment variables (see {@code mesh-proxy/README.md}), then passed through constructors.
 *
 * @param outboundListenAddr where the application's outgoing traffic arrives
 * @param inboundListenAddr where traffic to the application arrives
 * @param adminListenAddr the admin server (/metrics, /ready, /live, /shutdown, /proxy-log-level)
 * @param inboundForwardAddr where inbound traffic goes; when empty, 127.0.0.1 at the connection's
 *     original destination port (transparent mode)
 * @param detectTimeout how long a new connection may stay silent before it is treated as opaque
 * @param opaquePorts ports whose connections skip protocol detection (server-speaks-first)
 * @param connectTimeout how long connecting to an endpoint may take
 * @param connectionIdleTimeout an accepted connection with nothing in flight is closed after this
 * @param poolIdleTimeout an idle pooled connection to an endpoint is closed after this
 * @param eventLoopThreads I/O threads
 * @param transport which Netty transport to use
 * @param logLevel the initial log level; {@code PUT /proxy-log-level} changes it at run time
 * @param destinationsFile the static destinations YAML file, when set
 * @param outboundBalancer how the outbound side picks one of a destination's endpoints per request
 * @param shutdownGracePeriod how long in-flight requests may take to finish on shutdown
 * @param http1 limits of the HTTP/1 codec
 * @param http2 limits of the HTTP/2 codec
 * @param identity who the proxy is and where its certificate comes from; empty for a plaintext
 *     proxy (no {@code MESH_PROXY_IDENTITY_*} variable set)
 * @param inboundPortsRequireIdentity inbound ports whose connections must be mTLS from a meshed
 *     peer; empty unless {@code identity} is present
 * @param destinationService the controller's Destination API, asked for every authority the
 *     destinations file does not name; empty when {@code MESH_PROXY_DESTINATION_SVC_ADDR} is unset
 * @param tap the tap server's settings
 */
public record ProxyConfig(
    InetSocketAddress outboundListenAddr,
    InetSocketAddress inboundListenAddr,
    InetSocketAddress adminListenAddr,
    Optional<InetSocketAddress> inboundForwardAddr,
    Duration detectTimeout,
    Set<Integer> opaquePorts,
    Duration connectTimeout,
    Duration connectionIdleTimeout,
    Duration poolIdleTimeout,
    int eventLoopThreads,
    Transport transport,
    Level logLevel,
    Optional<Path> destinationsFile,
    Balancer outboundBalancer,
    Duration shutdownGracePeriod,
    Http1Limits http1,
    Http2Limits http2,
    Optional<IdentityConfig> identity,
    Set<Integer> inboundPortsRequireIdentity,
    Optional<DestinationServiceConfig> destinationService,
    TapConfig tap) {

  /** The Netty transport: native epoll on Linux, NIO anywhere. */
  public enum Transport {
    AUTO,
    EPOLL,
    NIO
  }

  /**
   * How a destination's endpoint is chosen for each request. Both eject failing endpoints the same
   * way (failure accrual); only the choice among the others differs.
   */
  public enum Balancer {
    /** Power of two choices over PeakEWMA load (latency times requests in flight): the default. */
    PEAK_EWMA,
    /** Each endpoint in turn, blind to load: a baseline to compare the default with. */
    ROUND_ROBIN
  }

  /**
   * HTTP/1 codec limits, set explicitly rather than left to library defaults.
   *
   * @param maxInitialLineLength longest request or status line (bytes)
   * @param maxHeaderSize largest header block (bytes)
   * @param maxChunkSize largest body piece passed on at once (bytes)
   */
  public record Http1Limits(int maxInitialLineLength, int maxHeaderSize, int maxChunkSize) {}

  /**
   * HTTP/2 codec limits, set explicitly rather than left to library defaults.
   *
   * @param maxConcurrentStreams streams a peer may open at once on one connection
   * @param maxHeaderListSize largest header list (bytes, uncompressed)
   * @param initialWindowSize per-stream flow-control window (bytes)
   * @param maxResetFramesPerWindow RST_STREAM frames a peer may send per {@code resetWindow} before
   *     the connection is closed (rapid-reset protection)
   * @param resetWindow the window for {@code maxResetFramesPerWindow}
   */
  public record Http2Limits(
      int maxConcurrentStreams,
      int maxHeaderListSize,
      int initialWindowSize,
      int maxResetFramesPerWindow,
      Duration resetWindow) {}
}
