package dev.meshctl.controller.tap;

import java.util.Optional;

/**
 * A resource as a query parameter names it: {@code TYPE[/NAME]} ({@code deploy/web}, {@code ns},
 * {@code authority/books.demo.svc.cluster.local:8080}). Without a name it means every resource of
 * that type in the namespace.
 */
record ResourceRef(ResourceType type, Optional<String> name) {

  /**
   * Parses {@code TYPE[/NAME]}.
   *
   * @param parameter the query parameter it came from, named in the error
   * @throws TapRequestException (400) saying what is wrong
   */
  static ResourceRef parse(String parameter, String value) {
    if (value == null || value.isBlank()) {
      throw TapRequestException.badRequest(
          parameter + ": missing (expected TYPE[/NAME], e.g. deploy/web)");
    }
    String text = value.strip();
    int slash = text.indexOf('/');
    String typeName = slash < 0 ? text : text.substring(0, slash);
    String name = slash < 0 ? null : text.substring(slash + 1);
    ResourceType type =
        ResourceType.of(typeName)
            .orElseThrow(
                () ->
                    TapRequestException.badRequest(
                        parameter
                            + ": unknown resource type \""
                            + typeName
                            + "\" (expected one of "
                            + ResourceType.accepted()
                            + ")"));
    if (name != null
        && (name.isEmpty() || (type != ResourceType.AUTHORITY && name.contains("/")))) {
      throw TapRequestException.badRequest(
          parameter + ": \"" + value + "\" is not of the form TYPE[/NAME]");
    }
    return new ResourceRef(type, Optional.ofNullable(name));
  }

  @Override
  public String toString() {
    return type.kind() + name.map(n -> "/" + n).orElse("");
  }
}
