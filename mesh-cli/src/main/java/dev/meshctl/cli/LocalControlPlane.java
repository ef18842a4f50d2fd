package dev.meshctl.cli;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.CaDirectory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The control plane of the local mesh, the same apps as on Kubernetes, each configured for
 * loopback: the identity app validating local bootstrap tokens, the controller reading the local
 * registry folder, and the web dashboard. Ports are chosen when the mesh starts.
 */
final class LocalControlPlane {

  /** The controller's identity: what proxies accept as the client of their tap servers. */
  static final IdentityName CONTROLLER_IDENTITY =
      new IdentityName(
          "meshctl-controller",
          LocalWorkload.CONTROL_PLANE_NAMESPACE,
          LocalWorkload.CONTROL_PLANE_NAMESPACE,
          LocalWorkload.TRUST_DOMAIN);

  /** The identity service's own identity: the name its TLS certificate carries for proxies. */
  static final IdentityName IDENTITY_SERVICE =
      new IdentityName(
          "meshctl-identity",
          LocalWorkload.CONTROL_PLANE_NAMESPACE,
          LocalWorkload.CONTROL_PLANE_NAMESPACE,
          LocalWorkload.TRUST_DOMAIN);

  /** Ports of the control plane on 127.0.0.1. */
  record Ports(
      int identityGrpc,
      int identityHttp,
      int identityAdmin,
      int controllerApi,
      int controllerGrpc,
      int controllerAdmin,
      int web,
      int webAdmin) {}

  private static final List<String> SPRING_JVM =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx256m");

  private final MeshJars jars;
  private final LocalLayout layout;
  private final Ports ports;
  private final String marker;

  LocalControlPlane(MeshJars jars, LocalLayout layout, Ports ports) {
    this.jars = jars;
    this.layout = layout;
    this.ports = ports;
    this.marker = LocalProcesses.marker(layout);
  }

  Ports ports() {
    return ports;
  }

  URI controllerApi() {
    return URI.create("http://127.0.0.1:" + ports.controllerApi());
  }

  URI controllerAdmin() {
    return URI.create("http://127.0.0.1:" + ports.controllerAdmin());
  }

  URI identityAdmin() {
    return URI.create("http://127.0.0.1:" + ports.identityAdmin());
  }

  URI webUrl() {
    return URI.create("http://127.0.0.1:" + ports.web());
  }

  ChildProcess startIdentity(CaDirectory ca) {
    List<String> command =
        springCommand(
            jars.identity(),
            ports.identityHttp(),
            ports.identityAdmin(),
            "--mesh.identity.trust-domain=" + LocalWorkload.TRUST_DOMAIN,
            "--mesh.identity.control-plane-namespace=" + LocalWorkload.CONTROL_PLANE_NAMESPACE,
            "--mesh.identity.grpc-port=" + ports.identityGrpc(),
            "--mesh.identity.trust-anchors-file=" + ca.trustAnchorsFile(),
            "--mesh.identity.issuer-certificate-file=" + ca.issuerCertificateFile(),
            "--mesh.identity.issuer-key-file=" + ca.issuerKeyFile(),
            "--mesh.identity.token-mode=local",
            "--mesh.identity.token-verification-key-file=" + ca.tokenVerificationKeyFile(),
            // As on Kubernetes: Certify over TLS as IDENTITY_SERVICE, the tokens never in clear.
            "--mesh.identity.tls.enabled=true",
            "--mesh.identity.tls.server-name=" + IDENTITY_SERVICE.dnsName());
    return ChildProcess.start(
        "identity",
        command,
        java.util.Map.of(),
        layout.log("identity"),
        readiness(identityAdmin()));
  }

  ChildProcess startController() {
    Path tls = layout.controllerTls();
    List<String> command =
        springCommand(
            jars.controller(),
            ports.controllerApi(),
            ports.controllerAdmin(),
            "--mesh.controller.grpc-port=" + ports.controllerGrpc(),
            "--mesh.controller.cluster-domain=" + LocalWorkload.CLUSTER_DOMAIN,
            "--mesh.controller.control-plane-namespace=" + LocalWorkload.CONTROL_PLANE_NAMESPACE,
            "--mesh.controller.trust-domain=" + LocalWorkload.TRUST_DOMAIN,
            "--mesh.discovery.source=local",
            "--mesh.discovery.local.path=" + layout.registry(),
            "--mesh.discovery.local.poll-interval=500ms",
            "--mesh.tap.tls.cert-file=" + tls.resolve("tls.crt"),
            "--mesh.tap.tls.key-file=" + tls.resolve("tls.key"),
            "--mesh.tap.tls.trust-anchors-file=" + tls.resolve("ca.crt"));
    return ChildProcess.start(
        "controller",
        command,
        java.util.Map.of(),
        layout.log("controller"),
        readiness(controllerAdmin()));
  }

  ChildProcess startWeb() {
    List<String> command =
        springCommand(
            jars.web(),
            ports.web(),
            ports.webAdmin(),
            "--mesh.web.controller-api=" + controllerApi(),
            "--mesh.web.controller-admin=" + controllerAdmin(),
            "--mesh.web.identity-admin=" + identityAdmin());
    return ChildProcess.start(
        "web-dashboard",
        command,
        java.util.Map.of(),
        layout.log("web-dashboard"),
        readiness(URI.create("http://127.0.0.1:" + ports.webAdmin())));
  }

  private List<String> springCommand(Path jar, int serverPort, int adminPort, String... args) {
    List<String> command = new ArrayList<>();
    command.add(MeshJars.java());
    command.addAll(SPRING_JVM);
    command.add(marker);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.address=127.0.0.1");
    command.add("--server.port=" + serverPort);
    command.add("--management.server.address=127.0.0.1");
    command.add("--management.server.port=" + adminPort);
    command.addAll(List.of(args));
    return command;
  }

  private static ReadinessProbe readiness(URI admin) {
    return ReadinessProbe.http(admin.resolve("/actuator/health/readiness"));
  }
}
