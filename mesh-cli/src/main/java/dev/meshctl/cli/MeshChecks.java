package dev.meshctl.cli;

import dev.meshctl.identity.ca.CaDirectory;
import dev.meshctl.identity.ca.CaFileException;
import dev.meshctl.identity.ca.Issuer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checks behind {@code meshctl check}: for the local mesh, everything {@code mesh.json} lists
 * (its processes, the control plane's readiness, the dashboard, every proxy, the issuer
 * certificate, matching versions); for a remote control plane, its controller API. Every check
 * runs, so one report shows every problem at once.
 */
final class MeshChecks {

  /** An issuer that expires sooner than this can no longer sign a day's leaf certificates. */
  static final Duration ISSUER_MIN_VALIDITY = Duration.ofDays(1);

  static final String READINESS = "/actuator/health/readiness";
  static final String PROXY_READINESS = "/ready";

  /** The names a component's process may have in mesh.json, to point at its log. */
  private static final List<String> CONTROLLER_PROCESSES =
      List.of("controller", "mesh-controller-app");

  private static final List<String> IDENTITY_PROCESSES = List.of("identity", "mesh-identity-app");
  private static final List<String> DASHBOARD_PROCESSES =
      List.of("web-dashboard", "dashboard", "web-app", "mesh-web-app");

  private final HealthProbe probe;
  private final Function<URI, ControllerApiClient> controllers;
  private final Clock clock;
  private final String clientVersion;

  MeshChecks(
      HealthProbe probe,
      Function<URI, ControllerApiClient> controllers,
      Clock clock,
      String clientVersion) {
    this.probe = probe;
    this.controllers = controllers;
    this.clock = clock;
    this.clientVersion = clientVersion;
  }

  /** Checks the local mesh described in {@code home}. */
  List<CheckResult> local(MeshHome home) {
    List<CheckResult> results = new ArrayList<>();
    String fileCheck = "the local mesh file " + home.localMeshFile() + " is readable";
    Optional<LocalMeshFile.State> found;
    try {
      found = LocalMeshFile.read(home.localMeshFile());
    } catch (UserFacingException e) {
      results.add(CheckResult.failed(fileCheck, e.getMessage()));
      return results;
    }
    if (found.isEmpty()) {
      results.add(
          CheckResult.failed(fileCheck, "no local mesh is running: start one with ./meshctl demo"));
      return results;
    }
    LocalMeshFile.State mesh = found.get();
    results.add(CheckResult.passed(fileCheck));
    results.add(
        mesh.ready()
            ? CheckResult.passed("the local mesh has finished starting")
            : CheckResult.failed(
                "the local mesh has finished starting",
                "it is still starting: wait until ./meshctl demo prints that the local mesh is"
                    + " ready"));
    if (mesh.demoPid() != 0) {
      String name = "meshctl demo (pid " + mesh.demoPid() + ") is running";
      results.add(
          alive(mesh.demoPid())
              ? CheckResult.passed(name)
              : CheckResult.failed(
                  name,
                  "it has exited without stopping the mesh: clean up with ./meshctl demo --down,"
                      + " then start it again"));
    }
    processes(mesh, results);
    String serverVersion = controllerApi(mesh.controllerApi(), results);
    results.add(
        ready(
            "the controller is ready",
            mesh.controllerAdmin(),
            "controllerAdmin",
            READINESS,
            mesh,
            CONTROLLER_PROCESSES));
    results.add(
        ready(
            "the identity service is ready",
            mesh.identityAdmin(),
            "identityAdmin",
            READINESS,
            mesh,
            IDENTITY_PROCESSES));
    results.add(dashboard(mesh));
    for (LocalMeshFile.Entry process : mesh.processes()) {
      if (process.proxyAdmin() != null) {
        results.add(
            ready(
                "the proxy " + process.name() + " is ready",
                process.proxyAdmin(),
                "proxyAdmin",
                PROXY_READINESS,
                mesh,
                List.of(process.name())));
      }
    }
    Path caDir = mesh.caDir() != null ? Path.of(mesh.caDir()) : home.local().resolve("ca");
    results.add(issuer(caDir));
    results.add(versions(serverVersion));
    return results;
  }

  /** Checks the controller API at {@code api}, for a control plane that is not the local one. */
  List<CheckResult> remote(URI api) {
    List<CheckResult> results = new ArrayList<>();
    String serverVersion = controllerApi(api.toString(), results);
    results.add(versions(serverVersion));
    return results;
  }

  private void processes(LocalMeshFile.State mesh, List<CheckResult> results) {
    if (mesh.processes().isEmpty()) {
      results.add(
          CheckResult.failed(
              "the local mesh lists its processes",
              "mesh.json lists no process: restart the mesh with ./meshctl demo"));
      return;
    }
    for (LocalMeshFile.Entry process : mesh.processes()) {
      String name = "the process " + process.name() + " is running";
      if (process.pid() == 0) {
        results.add(CheckResult.failed(name, "mesh.json gives no pid for it"));
        continue;
      }
      name = "the process " + process.name() + " (pid " + process.pid() + ") is running";
      results.add(
          alive(process.pid())
              ? CheckResult.passed(name)
              : CheckResult.failed(
                  name,
                  "it has exited"
                      + logHint(process.log())
                      + "; restart the mesh with ./meshctl demo"));
    }
  }

  /** The controller API check; returns the server's version when it answered. */
  private String controllerApi(String api, List<CheckResult> results) {
    String name = "the controller API answers at " + api;
    if (api == null) {
      results.add(
          CheckResult.failed("the controller API answers", "mesh.json has no controllerApi"));
      return null;
    }
    try {
      String version = controllers.apply(URI.create(api)).version();
      results.add(CheckResult.passed(name));
      return version;
    } catch (UserFacingException | IllegalArgumentException e) {
      results.add(CheckResult.failed(name, e.getMessage()));
      return null;
    }
  }

  private CheckResult ready(
      String name,
      String base,
      String field,
      String path,
      LocalMeshFile.State mesh,
      List<String> processNames) {
    if (base == null || base.isBlank()) {
      return CheckResult.failed(name, "mesh.json has no " + field);
    }
    String url = stripSlash(base) + path;
    Optional<String> problem = probe.problem(url);
    if (problem.isEmpty()) {
      return CheckResult.passed(name);
    }
    return CheckResult.failed(name, problem.get() + log(mesh, processNames));
  }

  /** "; see its log ..." for the first process of {@code mesh} with one of the names. */
  private static String log(LocalMeshFile.State mesh, List<String> processNames) {
    return mesh.processes().stream()
        .filter(p -> processNames.contains(p.name()))
        .map(LocalMeshFile.Entry::log)
        .findFirst()
        .map(MeshChecks::logHint)
        .orElse("");
  }

  /**
   * The dashboard is up when its URL answers at all: whether its first page is there is the
   * dashboard's business, not the mesh's health.
   */
  private CheckResult dashboard(LocalMeshFile.State mesh) {
    String name = "the dashboard answers";
    if (mesh.webUrl() == null || mesh.webUrl().isBlank()) {
      return CheckResult.failed(name, "mesh.json has no webUrl");
    }
    return probe
        .unanswered(stripSlash(mesh.webUrl()))
        .map(problem -> CheckResult.failed(name, problem + log(mesh, DASHBOARD_PROCESSES)))
        .orElseGet(() -> CheckResult.passed(name));
  }

  private CheckResult issuer(Path caDir) {
    String name = "the issuer certificate in " + caDir + " is valid for at least a day";
    Instant now = clock.instant();
    try {
      Issuer issuer = new CaDirectory(caDir).readIssuer(now);
      Instant expiry = issuer.expiry();
      if (expiry.isBefore(now.plus(ISSUER_MIN_VALIDITY))) {
        return CheckResult.failed(
            name,
            "it expires at "
                + expiry
                + ": make a new CA (meshctl identity create-ca --force --out "
                + caDir
                + " ...) and restart the mesh");
      }
      return CheckResult.passed(name);
    } catch (CaFileException e) {
      return CheckResult.failed(name, e.getMessage());
    }
  }

  private CheckResult versions(String serverVersion) {
    String name = "the client and the control plane have the same version";
    if (serverVersion == null) {
      return CheckResult.failed(name, "the control plane's version is unknown: see above");
    }
    if (!serverVersion.equals(clientVersion)) {
      return CheckResult.failed(
          name,
          "meshctl is "
              + clientVersion
              + " but the control plane is "
              + serverVersion
              + ": use the meshctl of the control plane's build");
    }
    return CheckResult.passed(name);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String logHint(String log) {
    return log == null || log.isBlank() ? "" : "; see its log " + log;
  }

  private static String stripSlash(String url) {
    String text = url.strip();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }
}
