package dev.meshctl.api;

/**
 * The mesh's default ports, Linkerd's numbers so that its users feel at home. Every component lets
 * its configuration override them.
 */
public final class MeshPorts {

  /** Proxy: the application's outgoing traffic. */
  public static final int PROXY_OUTBOUND = 4140;

  /** Proxy: traffic to the application; mTLS is terminated here. */
  public static final int PROXY_INBOUND = 4143;

  /** Proxy: the tap server (gRPC over mTLS, control plane only). */
  public static final int PROXY_TAP = 4190;

  /** Proxy: admin server with /metrics, /ready, /live and /shutdown. */
  public static final int PROXY_ADMIN = 4191;

  /** Controller: the Destination gRPC API. */
  public static final int DESTINATION_GRPC = 8086;

  /** Controller: REST API for the CLI and the dashboard. */
  public static final int CONTROLLER_API = 8085;

  /** Identity: the Certify gRPC API. */
  public static final int IDENTITY_GRPC = 8080;

  /** Injector: the admission webhook (HTTPS). */
  public static final int INJECTOR_WEBHOOK = 8443;

  /** Web: the dashboard. */
  public static final int WEB = 8084;

  /** Actuator (health, Prometheus) of the identity app. */
  public static final int IDENTITY_ADMIN = 9990;

  /** Actuator of the web app. */
  public static final int WEB_ADMIN = 9994;

  /** Actuator of the injector app. */
  public static final int INJECTOR_ADMIN = 9995;

  /** Actuator of the controller app. */
  public static final int CONTROLLER_ADMIN = 9996;

  private MeshPorts() {}
}
