package dev.meshctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl local run}: meshes one of the user's own processes into the running local mesh. It
 * registers the process as a workload (a pod and, with {@code --port}, a Service), starts its
 * proxy, runs the command with the environment that sends its HTTP calls through that proxy, and
 * removes all of it when the command ends.
 */
@Command(
    name = "run",
    description = {
      "Run COMMAND as a workload of the local mesh, with its own proxy. With --port, other"
          + " workloads reach it as NAME.NAMESPACE.svc.cluster.local:PORT over mTLS. Its own HTTP"
          + " calls go through its proxy: the command gets http_proxy/HTTP_PROXY (honoured by"
          + " curl, the JDK with -Djava.net.useSystemProxies, Python, Go...) and"
          + " MESH_OUTBOUND_ADDR (for gRPC clients: connect there and set the authority).",
      "The workload is removed from the mesh when COMMAND ends; its exit code is meshctl's."
    },
    footer = {
      "",
      "Examples:",
      "  meshctl local run --name hello --namespace demo --port 9000 -- python3 -m http.server"
          + " 9000 --bind 127.0.0.1",
      "  meshctl local run --name probe --namespace demo -- curl -s"
          + " http://web.demo.svc.cluster.local:8080/api/books"
    },
    mixinStandardHelpOptions = true)
final class LocalRunCommand implements Callable<Integer> {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  @Spec CommandSpec spec;

  /** COMMAND once it runs, so that Ctrl-C on meshctl stops it with its proxy. */
  private final java.util.concurrent.atomic.AtomicReference<Process> userProcess =
      new java.util.concurrent.atomic.AtomicReference<>();

  @Option(names = "--name", required = true, description = "The workload's name (a DNS label).")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description = "Its namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "The port COMMAND listens on at 127.0.0.1; 0 when it serves nothing.")
  int port;

  @Option(
      names = "--service-port",
      defaultValue = "0",
      description = "The port clients address it on (default: the same as --port).")
  int servicePort;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "1..*",
      description = "The command and its arguments.")
  List<String> command;

  @Override
  public Integer call() {
    validate();
    var out = spec.commandLine().getOut();
    LocalLayout layout = LocalLayout.of(MeshHome.fromEnvironment());
    LocalMeshFile.State mesh =
        LocalMeshFile.read(layout.meshFile())
            .filter(LocalMeshFile.State::ready)
            .orElseThrow(
                () ->
                    new UserFacingException(
                        "no local mesh is running (no ready "
                            + layout.meshFile()
                            + "): start one with ./meshctl demo"));
    MeshJars jars = MeshJars.locate();
    MeshJars.requirePresent(List.of(jars.proxy()));

    FreePorts ports = new FreePorts();
    List<String> prewarm = knownAuthorities(URI.create(mesh.controllerApi()));
    LocalWorkload workload =
        new LocalWorkload(
            namespace,
            name,
            port == 0 ? 0 : (servicePort == 0 ? port : servicePort),
            port,
            new LocalWorkload.ProxyPorts(
                ports.take("outbound"),
                ports.take("inbound"),
                ports.take("admin"),
                ports.take("tap")),
            prewarm);
    var registryFile = RegistryManifests.file(layout.registry(), workload);
    if (Files.exists(registryFile)) {
      throw new UserFacingException(
          "a workload "
              + namespace
              + "/"
              + name
              + " is already in the local mesh ("
              + registryFile
              + "); choose another --name");
    }
    LocalCa ca = new LocalCa(layout.caDirectory(), Clock.systemUTC());
    ca.writeToken(workload.identity(), LocalProxy.tokenFile(layout, workload), Duration.ofDays(1));

    LocalProcesses processes = new LocalProcesses();
    Runnable cleanUp =
        () -> {
          Process user = userProcess.get();
          if (user != null && user.isAlive()) {
            user.destroy();
          }
          processes.stopAll();
          try {
            Files.deleteIfExists(registryFile);
          } catch (IOException e) {
            out.println("could not remove " + registryFile + ": " + e.getMessage());
          }
        };
    Thread hook = new Thread(cleanUp, "local-run-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ChildProcess proxy =
          processes.add(
              LocalProxy.start(
                  workload,
                  layout,
                  jars,
                  ProxyEnvironment.of(
                      workload,
                      mesh.destinationAddr(),
                      mesh.identityAddr(),
                      new LocalCa(layout.caDirectory(), Clock.systemUTC())
                          .directory()
                          .trustAnchorsFile(),
                      LocalProxy.tokenFile(layout, workload))));
      awaitReady(proxy);
      RegistryManifests.writeAtomically(registryFile, RegistryManifests.of(workload));
      String outbound = "127.0.0.1:" + workload.proxy().outbound();
      out.println(
          "meshctl: "
              + namespace
              + "/"
              + name
              + " is in the local mesh as "
              + workload.identity().dnsName()
              + (workload.serves() ? "; others reach it as " + workload.authority() : "")
              + "; its outbound proxy is "
              + outbound
              + " (proxy log: "
              + proxy.log()
              + ")");
      out.flush();
      int exit = runCommand(outbound);
      cleanUp.run();
      Runtime.getRuntime().removeShutdownHook(hook);
      return exit;
    } catch (RuntimeException e) {
      cleanUp.run();
      Runtime.getRuntime().removeShutdownHook(hook);
      throw e;
    }
  }

  private int runCommand(String outbound) {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    Map<String, String> env = new HashMap<>();
    env.put("MESH_OUTBOUND_ADDR", outbound);
    env.put("http_proxy", "http://" + outbound);
    env.put("HTTP_PROXY", "http://" + outbound);
    env.put("no_proxy", "localhost,127.0.0.1,::1");
    env.put("NO_PROXY", "localhost,127.0.0.1,::1");
    if (port != 0) {
      env.put("PORT", Integer.toString(port));
    }
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
      userProcess.set(process);
    } catch (IOException e) {
      throw new UserFacingException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      return ExitCodes.FAILED;
    }
  }

  private static void awaitReady(ChildProcess proxy) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!proxy.ready()) {
      if (!proxy.alive()) {
        throw new UserFacingException(
            "the proxy exited while starting; last lines of "
                + proxy.log()
                + ":\n    "
                + String.join("\n    ", proxy.logTail(10)));
      }
      if (System.nanoTime() > deadline) {
        throw new UserFacingException(
            "the proxy was not ready within 60s: " + proxy.readinessDescription());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserFacingException("interrupted while the proxy started");
      }
    }
  }

  /** Every Service the controller knows, so that the proxy knows them from its first request. */
  private static List<String> knownAuthorities(URI api) {
    ObjectMapper json = new ObjectMapper();
    List<String> authorities = new ArrayList<>();
    try {
      for (JsonNode ns : get(json, api.resolve("/api/v1/namespaces"))) {
        String namespace = ns.path("name").asText();
        for (JsonNode service :
            get(json, api.resolve("/api/v1/namespaces/" + namespace + "/services"))) {
          for (JsonNode servicePort : service.path("ports")) {
            authorities.add(
                LocalWorkload.authority(
                    service.path("name").asText(), namespace, servicePort.path("port").asInt()));
          }
        }
      }
    } catch (IOException e) {
      throw new UserFacingException(
          "cannot reach the local mesh's controller at " + api + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted");
    }
    return authorities;
  }

  private static JsonNode get(ObjectMapper json, URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        ReadinessProbe.CLIENT.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + uri + " answered " + response.statusCode());
    }
    return json.readTree(response.body());
  }

  private void validate() {
    if (!DNS_LABEL.matcher(name).matches()) {
      throw new UsageException("--name \"" + name + "\" is not a DNS label (a-z, 0-9, -)");
    }
    if (!DNS_LABEL.matcher(namespace).matches()) {
      throw new UsageException(
          "--namespace \"" + namespace + "\" is not a DNS label (a-z, 0-9, -)");
    }
    if (port < 0 || port > 65535 || servicePort < 0 || servicePort > 65535) {
      throw new UsageException("ports must be between 0 and 65535");
    }
    if (servicePort != 0 && port == 0) {
      throw new UsageException("--service-port needs --port (the port COMMAND listens on)");
    }
  }
}
