package dev.meshctl.injector;

import io.fabric8.kubernetes.client.VersionInfo;
import java.util.Optional;

/**
 * The Kubernetes version, read once at start: native sidecars (init containers with {@code
 * restartPolicy: Always}) are on by default from 1.29.
 */
final class ClusterVersion {

  static final int NATIVE_SIDECAR_MINOR = 29;

  private ClusterVersion() {}

  /**
   * Whether the version supports native sidecars; empty when it cannot be read (for example a minor
   * of "" or "x"). Managed clusters write minors like {@code 29+}, which count as 29.
   */
  static Optional<Boolean> supportsNativeSidecars(VersionInfo version) {
    if (version == null) {
      return Optional.empty();
    }
    Optional<Integer> major = leadingNumber(version.getMajor());
    Optional<Integer> minor = leadingNumber(version.getMinor());
    if (major.isEmpty() || minor.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        major.get() > 1 || (major.get() == 1 && minor.get() >= NATIVE_SIDECAR_MINOR));
  }

  static String describe(VersionInfo version) {
    return version == null ? "none" : version.getMajor() + "." + version.getMinor();
  }

  private static Optional<Integer> leadingNumber(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int end = 0;
    while (end < text.length() && end < 6 && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return end == 0 ? Optional.empty() : Optional.of(Integer.parseInt(text.substring(0, end)));
  }
}
