package dev.meshctl.bench.sut;

import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.Target;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The baseline: the client talks to the backend itself. */
final class DirectConfiguration implements Configuration {

  @Override
  public String id() {
    return "direct";
  }

  @Override
  public String title() {
    return "direct";
  }

  @Override
  public String path() {
    return "client -> backend";
  }

  @Override
  public Deployment deploy(DeployContext context) {
    Map<Protocol, Target> targets = new EnumMap<>(Protocol.class);
    for (Protocol p : Protocol.values()) {
      targets.put(p, new Target(context.backend(), context.authority()));
    }
    return new Deployment(targets, List.of(), List.of(), context.launcher());
  }
}
