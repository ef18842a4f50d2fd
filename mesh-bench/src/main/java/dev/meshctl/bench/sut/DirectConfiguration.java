package dev.meshctl.bench.sut;

import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.Target;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The baseline: the client talks to the backend itself. */
final class DirectConfiguration implements Configuration {

  private final String id;

  /** {@code direct}, or the load generator's discarded rehearsal of it. */
  DirectConfiguration(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String title() {
    return id;
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
