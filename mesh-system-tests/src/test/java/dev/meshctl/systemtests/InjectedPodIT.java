package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.BootstrapTokens;
import dev.meshctl.identity.ca.CaDirectory;
import dev.meshctl.identity.ca.CaGenerator;
import dev.meshctl.injection.InjectionConfig;
import dev.meshctl.injection.InjectionResult;
import dev.meshctl.injection.PodInjector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the injector writes into a pod, run as the kubelet would run it, with the packaged jars: the
 * {@code mesh-proxy} container's environment (downward-API values and {@code $(VAR)} references
 * resolved as Kubernetes resolves them) starts the real proxy, which gets its certificate from the
 * real identity app for the identity the pod's ServiceAccount names and the inline trust anchors;
 * the {@code mesh-init} container's command is accepted by {@code ProxyInit} (as a dry run: the
 * rules themselves are tested in network namespaces in mesh-proxy); the classic sidecar's {@code
 * postStart} command waits for that proxy's readiness.
 *
 * <p>Only what cannot exist outside a cluster is replaced: the identity service's DNS name by its
 * loopback address, the projected ServiceAccount token by a bootstrap token for the same identity,
 * the Jib classpath file by the jar, and the listen ports by free ones (several tests share this
 * machine). Everything else is the injector's own text, so a variable the proxy does not know, a
 * malformed identity name or an option {@code ProxyInit} refuses fails this test.
 */
class InjectedPodIT {

  private static final String CP_NS = "meshctl-system";
  private static final String IDENTITY =
      "web.shop.serviceaccount.identity.meshctl-system.cluster.local";
  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
  private static final String JIB_CLASSPATH = "@/app/jib-classpath-file";

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void injectedProxyEnvironment_startsTheRealProxy_certifiedForThePodsServiceAccount(
      @TempDir Path dir) throws Exception {
    CaDirectory ca = new CaDirectory(dir.resolve("ca"));
    ca.write(new CaGenerator(Clock.systemUTC()).generate("cluster.local", CP_NS), false);
    int identityPort = SpringAppLaunchIT.freePort();
    // Over TLS, as the chart runs it: the proxy checks the name the injector gave it.
    closing.add(IdentityAppProcess.start(ca, identityPort, "--mesh.identity.tls.enabled=true"));

    PodInjector injector =
        new PodInjector(InjectionConfig.withDefaults(Files.readString(ca.trustAnchorsFile())));
    InjectionResult native_ =
        injector.inject(shopPod(), "shop", Map.of("meshctl.dev/inject", "enabled"), true);
    assertThat(native_.injected()).as(native_.reason()).isTrue();
    Container proxyContainer = container(native_.pod().getSpec().getInitContainers(), "mesh-proxy");
    Container initContainer = container(native_.pod().getSpec().getInitContainers(), "mesh-init");

    // The proxy container's environment, as the kubelet would hand it over.
    Map<String, String> env = resolve(proxyContainer.getEnv());
    assertThat(env)
        .containsEntry("MESH_PROXY_IDENTITY_LOCAL_NAME", IDENTITY)
        .containsEntry(
            "MESH_PROXY_IDENTITY_SVC_NAME",
            "meshctl-identity.meshctl-system.serviceaccount.identity.meshctl-system.cluster.local");
    Path token = dir.resolve("token");
    Files.writeString(token, token(ca));
    int admin = SpringAppLaunchIT.freePort();
    env.put("MESH_PROXY_IDENTITY_SVC_ADDR", "127.0.0.1:" + identityPort);
    env.put("MESH_PROXY_IDENTITY_TOKEN_FILE", token.toString());
    env.put("MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:" + SpringAppLaunchIT.freePort());
    env.put("MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:" + SpringAppLaunchIT.freePort());
    env.put("MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:" + admin);
    env.put("MESH_PROXY_TAP_LISTEN_ADDR", "127.0.0.1:" + SpringAppLaunchIT.freePort());
    ProxyProcess proxy = ProxyProcess.start(env);
    closing.add(proxy);

    // The classic sidecar's postStart hook: it returns once this proxy is ready.
    InjectionResult classic =
        injector.inject(shopPod(), "shop", Map.of("meshctl.dev/inject", "enabled"), false);
    List<String> hook =
        container(classic.pod().getSpec().getContainers(), "mesh-proxy")
            .getLifecycle()
            .getPostStart()
            .getExec()
            .getCommand();
    List<String> awaitReady = new ArrayList<>(runnable(hook));
    awaitReady.set(awaitReady.indexOf("4191"), Integer.toString(admin));
    long started = System.nanoTime();
    Run waited = run(awaitReady, 120);
    System.out.printf(
        "injected proxy ready (postStart hook returned) after %.1f s%n",
        (System.nanoTime() - started) / 1e9);
    assertThat(waited.exit)
        .as("postStart hook; proxy printed:\n%s\nhook printed:\n%s", proxy.output(), waited.out)
        .isZero();

    HttpResponse<String> metrics = ProxyProcess.get(http, "http://127.0.0.1:" + admin + "/metrics");
    assertThat(metrics.body())
        .contains("identity_cert_expiration_timestamp_seconds")
        .contains("identity_cert_refresh_total 1");
    assertThat(ProxyProcess.get(http, "http://127.0.0.1:" + admin + "/ready").statusCode())
        .isEqualTo(200);

    // The init container's command, as a dry run.
    List<String> init = new ArrayList<>(runnable(initContainer.getCommand()));
    init.addAll(initContainer.getArgs());
    init.add("--dry-run");
    Run dryRun = run(init, 60);
    assertThat(dryRun.exit).as(dryRun.out).isZero();
    assertThat(dryRun.out)
        .contains("-A MESH_INBOUND -p tcp -j REDIRECT --to-ports 4143")
        .contains("-A MESH_OUTBOUND -m owner --uid-owner 2102 -j RETURN")
        .contains("-A MESH_OUTBOUND -p tcp -j REDIRECT --to-ports 4140")
        .contains("--dport 4191 -j RETURN");
  }

  private static Pod shopPod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-5d8f7")
        .withNamespace("shop")
        .addToLabels("app", "web")
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName("web")
        .withNodeName("node-1")
        .addNewContainer()
        .withName("app")
        .withImage("example/web:1")
        .addNewPort()
        .withContainerPort(8080)
        .endPort()
        .endContainer()
        .endSpec()
        .build();
  }

  /**
   * Resolves the container's environment as the kubelet does: downward-API fields from the pod,
   * then {@code $(NAME)} references to variables defined earlier in the list.
   */
  private static Map<String, String> resolve(List<EnvVar> vars) {
    Map<String, String> fields =
        Map.of(
            "metadata.namespace", "shop",
            "spec.serviceAccountName", "web",
            "spec.nodeName", "node-1",
            "metadata.name", "web-5d8f7",
            "status.podIP", "10.42.0.7");
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : vars) {
      String value;
      if (var.getValueFrom() != null) {
        String path = var.getValueFrom().getFieldRef().getFieldPath();
        assertThat(fields).as("downward API field %s", path).containsKey(path);
        value = fields.get(path);
      } else {
        Matcher m = REFERENCE.matcher(var.getValue() == null ? "" : var.getValue());
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
          assertThat(env).as("%s refers to %s", var.getName(), m.group(1)).containsKey(m.group(1));
          m.appendReplacement(resolved, Matcher.quoteReplacement(env.get(m.group(1))));
        }
        m.appendTail(resolved);
        value = resolved.toString();
      }
      env.put(var.getName(), value);
    }
    return env;
  }

  /** The image's {@code java ... -cp @/app/jib-classpath-file Main} with this build's jar. */
  private static List<String> runnable(List<String> command) {
    assertThat(command).startsWith("java").contains(JIB_CLASSPATH);
    List<String> local = new ArrayList<>(command);
    local.set(0, SpringAppLaunchIT.javaBin());
    local.set(local.indexOf(JIB_CLASSPATH), ProxyProcess.JAR.toString());
    return local;
  }

  private static Container container(List<Container> containers, String name) {
    return containers.stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name + " in " + containers));
  }

  private static String token(CaDirectory ca) throws Exception {
    return BootstrapTokens.issue(
        ca.readTokenSigningKey(),
        IdentityName.parseDnsName(IDENTITY),
        Duration.ofHours(1),
        Clock.systemUTC());
  }

  private record Run(int exit, String out) {}

  private static Run run(List<String> command, int seconds) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return new Run(process.exitValue(), out);
  }
}
