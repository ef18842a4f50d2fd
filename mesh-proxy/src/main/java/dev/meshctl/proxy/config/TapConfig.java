package dev.meshctl.proxy.config;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The tap server's settings, from the {@code MESH_PROXY_TAP_*} variables. Whether the server runs
 * also depends on the proxy's identity: see {@link #mode(boolean)}.
 *
 * @param disabled {@code MESH_PROXY_TAP_DISABLED=true}: never serve tap
 * @param listenAddr where the tap server listens
 * @param listenAddrSet whether {@code MESH_PROXY_TAP_LISTEN_ADDR} was set explicitly (rather than
 *     defaulted), which allows a plaintext, loopback-only tap server on a proxy without identity
 * @param serviceName the one identity allowed to tap (the control plane's), when set
 * @param maxRequestsPerSecond requests each tap observes per second at most
 * @param maxStreams taps open at once at most
 */
public record TapConfig(
    boolean disabled,
    InetSocketAddress listenAddr,
    boolean listenAddrSet,
    Optional<String> serviceName,
    int maxRequestsPerSecond,
    int maxStreams) {

  /** How the tap server runs, or why it does not. */
  public enum Mode {
    /** mTLS with the proxy's identity; only {@link #serviceName} may tap. */
    MTLS,
    /** Plaintext, loopback callers only: no identity, an explicit listen address. */
    LOOPBACK_PLAINTEXT,
    /** Turned off by {@code MESH_PROXY_TAP_DISABLED}. */
    OFF_DISABLED,
    /** An identity but no {@code MESH_PROXY_TAP_SVC_NAME}: nobody could be allowed to tap. */
    OFF_NO_SERVICE_NAME,
    /** No identity and no explicit listen address: tap could not be authorized. */
    OFF_NO_IDENTITY
  }

  public TapConfig {
    Objects.requireNonNull(listenAddr, "listenAddr");
    Objects.requireNonNull(serviceName, "serviceName");
  }

  /**
   * @param hasIdentity whether the proxy has an identity ({@link ProxyConfig#identity()})
   */
  public Mode mode(boolean hasIdentity) {
    if (disabled) {
      return Mode.OFF_DISABLED;
    }
    if (hasIdentity) {
      return serviceName.isPresent() ? Mode.MTLS : Mode.OFF_NO_SERVICE_NAME;
    }
    return listenAddrSet ? Mode.LOOPBACK_PLAINTEXT : Mode.OFF_NO_IDENTITY;
  }
}
