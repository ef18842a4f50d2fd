package dev.meshctl.controller.tap;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of resource the REST API's {@code resource}, {@code from} and {@code to} parameters
 * name, with their short and plural forms, as {@code kubectl} and Linkerd spell them.
 */
enum ResourceType {
  NAMESPACE("namespace", "ns"),
  DEPLOYMENT("deployment", "deploy"),
  STATEFULSET("statefulset", "sts"),
  DAEMONSET("daemonset", "ds"),
  POD("pod", "po"),
  AUTHORITY("authority", "au");

  private final String kind;
  private final String shortName;

  private final String plural;

  ResourceType(String kind, String shortName) {
    this.kind = kind;
    this.shortName = shortName;
    this.plural = kind.endsWith("y") ? kind.substring(0, kind.length() - 1) + "ies" : kind + "s";
  }

  /** The kind as the workloads API reports it ({@code deployment}). */
  String kind() {
    return kind;
  }

  static Optional<ResourceType> of(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(t -> t.kind.equals(lower) || t.shortName.equals(lower) || t.plural.equals(lower))
        .findFirst();
  }

  /** The accepted names, for error messages: {@code namespace|ns, deployment|deploy, ...}. */
  static String accepted() {
    return Arrays.stream(values())
        .map(t -> t.kind + "|" + t.shortName)
        .collect(Collectors.joining(", "));
  }
}
