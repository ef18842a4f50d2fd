package dev.meshctl.controller.metrics;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A resource as the API's query parameters name it: {@code TYPE[/NAME]} ({@code deploy}, {@code
 * deploy/web}, {@code au/books.demo.svc.cluster.local:8080}).
 *
 * @param name empty for every resource of the type
 */
public record ResourceSpec(ResourceType type, Optional<String> name) {

  /** A Kubernetes object name (a DNS subdomain): what pods and workloads may be called. */
  private static final Pattern OBJECT_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** An authority: a host (name or IP, IPv6 in brackets) and an optional port. */
  private static final Pattern AUTHORITY = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+");

  public ResourceSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Parses a query parameter.
   *
   * @param parameter the parameter's name, for the message
   * @throws InvalidQueryException saying what is wrong and what is expected
   */
  public static ResourceSpec parse(String parameter, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidQueryException(
          "parameter "
              + parameter
              + " is required: TYPE[/NAME] with TYPE one of "
              + ResourceType.names());
    }
    String text = value.trim();
    int slash = text.indexOf('/');
    String typeName = slash < 0 ? text : text.substring(0, slash);
    ResourceType type =
        ResourceType.of(typeName)
            .orElseThrow(
                () ->
                    new InvalidQueryException(
                        parameter
                            + "=\""
                            + value
                            + "\": unknown resource type \""
                            + typeName
                            + "\" (expected one of "
                            + ResourceType.names()
                            + ")"));
    if (slash < 0) {
      return new ResourceSpec(type, Optional.empty());
    }
    String name = text.substring(slash + 1);
    boolean valid =
        type == ResourceType.AUTHORITY
            ? AUTHORITY.matcher(name).matches() && name.length() <= 260
            : OBJECT_NAME.matcher(name).matches() && name.length() <= 253;
    if (!valid) {
      throw new InvalidQueryException(
          parameter
              + "=\""
              + value
              + "\": \""
              + name
              + "\" is not a valid "
              + type.kind()
              + " name"
              + (type == ResourceType.AUTHORITY
                  ? " (host[:port])"
                  : " (lower case letters, digits, '-' and '.')"));
    }
    return new ResourceSpec(type, Optional.of(name));
  }

  /** Whether a resource of this spec's type is the one named, or any when no name is given. */
  public boolean matches(ResourceKey key) {
    return key.kind().equals(type.kind()) && name.map(n -> n.equals(key.name())).orElse(true);
  }

  @Override
  public String toString() {
    return type.kind() + name.map(n -> "/" + n).orElse("");
  }
}
