package dev.meshctl.controller.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of resource the metrics API groups traffic by, with the short names the CLI accepts
 * ({@code deploy}, {@code sts}...). {@link #kind()} is how the workloads API reports them.
 */
public enum ResourceType {
  NAMESPACE("namespace", "ns"),
  DEPLOYMENT("deployment", "deploy"),
  STATEFULSET("statefulset", "sts"),
  DAEMONSET("daemonset", "ds"),
  POD("pod", "po"),
  AUTHORITY("authority", "au");

  private final String kind;
  private final String shortName;

  ResourceType(String kind, String shortName) {
    this.kind = kind;
    this.shortName = shortName;
  }

  public String kind() {
    return kind;
  }

  /** Whether pods of this type are grouped by their owner ({@code deployment}...). */
  public boolean isWorkload() {
    return this == DEPLOYMENT || this == STATEFULSET || this == DAEMONSET;
  }

  /** The type named {@code name} (its kind or short name, any case). */
  public static Optional<ResourceType> of(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(t -> t.kind.equals(lower) || t.shortName.equals(lower))
        .findFirst();
  }

  /** {@code namespace|ns, deployment|deploy, ...}, for error messages. */
  public static String names() {
    return Arrays.stream(values())
        .map(t -> t.kind + "|" + t.shortName)
        .collect(Collectors.joining(", "));
  }
}
