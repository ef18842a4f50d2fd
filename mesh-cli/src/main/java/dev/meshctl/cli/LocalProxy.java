package dev.meshctl.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts the proxy of a local workload: the proxy jar with its {@link ProxyEnvironment}. */
final class LocalProxy {

  private LocalProxy() {}

  static ChildProcess start(
      LocalWorkload workload, LocalLayout layout, MeshJars jars, Map<String, String> environment) {
    String name = processName(workload);
    List<String> command =
        List.of(
            MeshJars.java(),
            "-XX:+UseSerialGC",
            "-Xmx128m",
            LocalProcesses.marker(layout),
            "-jar",
            jars.proxy().toString());
    return ChildProcess.start(
        name,
        command,
        environment,
        layout.log(name),
        ReadinessProbe.http(admin(workload).resolve("/ready")));
  }

  static String processName(LocalWorkload workload) {
    String prefix =
        DemoApplication.NAMESPACE.equals(workload.namespace()) ? "" : workload.namespace() + "-";
    return prefix + workload.name() + "-proxy";
  }

  static URI admin(LocalWorkload workload) {
    return URI.create("http://127.0.0.1:" + workload.proxy().admin());
  }

  static Path tokenFile(LocalLayout layout, LocalWorkload workload) {
    return layout.tokens().resolve(workload.namespace() + "-" + workload.name() + ".token");
  }
}
