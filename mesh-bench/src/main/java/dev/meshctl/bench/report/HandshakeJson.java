package dev.meshctl.bench.report;

import dev.meshctl.bench.results.HandshakeResults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** results.json of {@code bench/handshakes}: the results model plus the ratios results.md shows. */
public final class HandshakeJson {

  private HandshakeJson() {}

  public static String render(HandshakeResults results) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", "mesh-bench-handshakes/1");
    root.put("run", results);
    List<Map<String, Object>> ratios =
        HandshakeComparison.of(results).stream()
            .map(
                c -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("worker", c.mtls().worker());
                  m.put("variant", c.mtls().variant());
                  m.put("provider", c.mtls().provider());
                  m.put("p50Ratio", c.p50Ratio());
                  m.put("p99Ratio", c.p99Ratio());
                  m.put("addedP50Ms", c.addedP50Ms());
                  m.put("addedP99Ms", c.addedP99Ms());
                  m.put("cpuPerConnectionRatio", c.cpuRatio());
                  m.put("addedCpuMsPerConnection", c.addedCpuMs());
                  m.put("addedClientCpuMsPerConnection", c.addedClientCpuMs());
                  m.put("addedServerCpuMsPerConnection", c.addedServerCpuMs());
                  m.put("connectionsPerCpuSecondRatio", c.connectionsPerCpuSecondRatio());
                  m.put("connectionsPerSecondRatio", c.connectionsPerSecondRatio());
                  return m;
                })
            .toList();
    root.put("mtlsOverPlaintext", ratios);
    return Json.write(root);
  }
}
