package dev.meshctl.cli;

/**
 * A resource argument as typed on the command line, {@code TYPE[/NAME]} ({@code deploy/web}, {@code
 * ns}, {@code au/books.demo.svc.cluster.local:8080}), checked before any request is made.
 *
 * @param type what kind of resource
 * @param name its name, or null for every resource of that type
 */
record MeshResource(ResourceKind type, String name) {

  /**
   * Parses {@code TYPE[/NAME]}; only the first {@code /} separates, so authorities keep theirs.
   *
   * @throws UsageException for an unknown type or an empty name
   */
  static MeshResource parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      return new MeshResource(ResourceKind.parse(text), null);
    }
    ResourceKind type = ResourceKind.parse(text.substring(0, slash));
    String name = text.substring(slash + 1).strip();
    if (name.isEmpty()) {
      throw new UsageException(
          "\"" + text + "\" has no name after the '/': write TYPE or TYPE/NAME, e.g. deploy/web");
    }
    return new MeshResource(type, name);
  }

  /** The {@code TYPE[/NAME]} form the controller's REST API takes, with the type's full name. */
  String queryValue() {
    return name == null ? type.kind : type.kind + "/" + name;
  }

  @Override
  public String toString() {
    return queryValue();
  }
}
