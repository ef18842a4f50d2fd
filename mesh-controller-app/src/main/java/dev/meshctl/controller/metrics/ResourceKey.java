package dev.meshctl.controller.metrics;

/**
 * One resource traffic is grouped by: {@code demo/deployment/web}, {@code demo/pod/web-1}, {@code
 * demo/namespace/demo}, {@code demo/authority/books.demo.svc.cluster.local:8080}.
 */
public record ResourceKey(String namespace, String kind, String name)
    implements Comparable<ResourceKey> {

  @Override
  public int compareTo(ResourceKey o) {
    int c = namespace.compareTo(o.namespace);
    if (c == 0) {
      c = kind.compareTo(o.kind);
    }
    return c != 0 ? c : name.compareTo(o.name);
  }
}
