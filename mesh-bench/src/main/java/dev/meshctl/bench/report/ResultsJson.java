package dev.meshctl.bench.report;

import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.results.BenchResults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * results.json: the whole results model (every run with its histogram and per-process usage), plus
 * the derived comparisons and target checks that results.md shows, so that tools need not redo
 * them.
 */
public final class ResultsJson {

  private ResultsJson() {}

  public static String render(BenchResults results, List<Protocol> protocols) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", "mesh-bench/1");
    root.put("started", results.started());
    root.put("finished", results.finished());
    root.put("plan", results.plan());
    root.put("environment", results.environment());
    root.put(
        "units",
        Map.of(
            "latency",
                "milliseconds, from each request's intended send time (open model)"
                    + " or actual send time (closed model)",
            "cpuSeconds", "user + system CPU seconds of the process and its children",
            "peakRssMib", "peak resident set (VmHWM, restarted per run), MiB"));
    root.put("startups", results.startups());
    root.put("configurations", results.configurations());
    root.put("comparisons", comparisons(results, protocols));
    root.put("targets", Targets.check(results, protocols));
    return Json.write(root);
  }

  /** A row of {@link MtlsCost} with its derived figures. */
  private static Map<String, Object> mtlsRow(MtlsCost.Row row) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("measure", row.measure());
    out.put("run", row.run());
    out.put("unit", row.unit());
    out.put("direct", row.direct());
    out.put("meshPair", row.plaintext());
    out.put("meshPairMtls", row.mtls());
    out.put("mtlsMinusPlaintext", row.mtlsMinusPlaintext());
    out.put("mtlsOverPlaintext", row.mtlsOverPlaintext());
    out.put("mtlsOverDirect", row.mtlsOverDirect());
    out.put("plaintextOverDirect", row.plaintextOverDirect());
    return out;
  }

  private static Map<String, Object> comparisons(BenchResults results, List<Protocol> protocols) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("percentiles", Comparisons.PERCENTILES);
    for (Protocol p : protocols) {
      Map<String, Object> byRate = new LinkedHashMap<>();
      for (int rate : results.plan().rates()) {
        Map<String, Object> added = new LinkedHashMap<>();
        Map<String, Object> times = new LinkedHashMap<>();
        for (var c : results.configurations()) {
          if (!c.id().equals(Comparisons.DIRECT)) {
            Comparisons.addedOverDirect(results, c.id(), p, rate)
                .ifPresent(v -> added.put(c.id(), v));
            Comparisons.timesDirect(results, c.id(), p, rate).ifPresent(v -> times.put(c.id(), v));
          }
        }
        Map<String, Object> meshOverPeer = new LinkedHashMap<>();
        Map<String, Object> addedMeshOverPeer = new LinkedHashMap<>();
        for (var pairing : Comparisons.PAIRINGS) {
          String key = pairing.mesh() + "/" + pairing.peer();
          Comparisons.meshOverPeer(results, pairing, p, rate)
              .ifPresent(v -> meshOverPeer.put(key, v));
          Comparisons.addedMeshOverPeer(results, pairing, p, rate)
              .ifPresent(v -> addedMeshOverPeer.put(key, v));
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("addedOverDirectMs", added);
        entry.put("timesDirect", times);
        entry.put("meshOverPeer", meshOverPeer);
        entry.put("addedMeshOverAddedPeer", addedMeshOverPeer);
        byRate.put(String.valueOf(rate), entry);
      }
      out.put(p.id(), byRate);
    }
    if (MtlsCost.measured(results)) {
      Map<String, Object> mtls = new LinkedHashMap<>();
      for (Protocol p : protocols) {
        mtls.put(p.id(), MtlsCost.rows(results, p).stream().map(ResultsJson::mtlsRow).toList());
      }
      out.put("mtlsCost", mtls);
    }
    return out;
  }
}
