package dev.meshctl.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The resource types {@code stat}, {@code routes} and {@code edges} accept, with the singular,
 * plural and short names kubectl users type. {@link #kind} is the name the controller's REST API
 * and its workloads API use.
 */
enum ResourceKind {
  NAMESPACE("namespace", "ns", "namespaces"),
  DEPLOYMENT("deployment", "deploy", "deployments", "deploys"),
  STATEFULSET("statefulset", "sts", "statefulsets"),
  DAEMONSET("daemonset", "ds", "daemonsets"),
  POD("pod", "po", "pods"),
  AUTHORITY("authority", "au", "authorities");

  final String kind;
  final String shortName;
  private final List<String> names;

  ResourceKind(String kind, String shortName, String... otherNames) {
    this.kind = kind;
    this.shortName = shortName;
    this.names = Stream.concat(Stream.of(kind, shortName), Arrays.stream(otherNames)).toList();
  }

  /**
   * The type a user typed, in any of its names and any case.
   *
   * @throws UsageException naming the accepted types when {@code text} is none of them
   */
  static ResourceKind parse(String text) {
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    for (ResourceKind type : values()) {
      if (type.names.contains(wanted)) {
        return type;
      }
    }
    throw new UsageException(
        "unknown resource type \"" + text + "\": expected one of " + validTypes());
  }

  /** {@code namespace (ns), deployment (deploy), ...}: for messages and help texts. */
  static String validTypes() {
    return Arrays.stream(values())
        .map(type -> type.kind + " (" + type.shortName + ")")
        .collect(Collectors.joining(", "));
  }
}
