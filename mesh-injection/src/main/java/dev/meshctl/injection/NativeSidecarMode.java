package dev.meshctl.injection;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether the proxy runs as a native sidecar (an init container with {@code restartPolicy: Always},
 * Kubernetes 1.29+) or as the first ordinary container.
 */
public enum NativeSidecarMode {
  /** Native when the cluster supports it, classic otherwise. */
  AUTO,
  /** Always native. */
  ENABLED,
  /** Always classic. */
  DISABLED;

  /** The value as written in the config and annotations: {@code auto}, {@code enabled}... */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code auto}, {@code enabled} or {@code disabled} (any case). */
  public static Optional<NativeSidecarMode> parse(String value) {
    for (NativeSidecarMode mode : values()) {
      if (mode.value().equalsIgnoreCase(value.trim())) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }

  boolean useNative(boolean clusterSupportsNativeSidecars) {
    return this == ENABLED || (this == AUTO && clusterSupportsNativeSidecars);
  }
}
