package dev.meshctl.web.api;

/**
 * What to tap: a resource ({@code deploy/web}) in a namespace, optionally only one method and a
 * path prefix. Blank filters mean "any".
 */
public record TapQuery(String namespace, String resource, String method, String path) {

  public TapQuery {
    if (resource == null || resource.isBlank()) {
      throw new IllegalArgumentException("resource is required, e.g. deploy/web");
    }
    resource = resource.strip();
    method = blankToNull(method);
    path = blankToNull(path);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
