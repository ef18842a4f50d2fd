package dev.meshctl.proxy.discovery;

import dev.meshctl.proxy.config.ConfigException;
import dev.meshctl.proxy.config.SocketAddresses;
import dev.meshctl.proxy.profile.ServiceProfile;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Parses and validates the content of a static destinations file (format in {@code
 * mesh-proxy/README.md}, section "Static destinations"). YAML is read with SnakeYAML's safe
 * constructor: plain maps, lists and scalars only, no arbitrary types, duplicate keys refused.
 * Every problem names its place ({@code destinations[1].endpoints[0].address}); {@link ProfileYaml}
 * parses a destination's profile.
 */
final class DestinationsYaml {

  /** Clients that address a destination without a port mean HTTP's. */
  static final int DEFAULT_AUTHORITY_PORT = 80;

  /** Keeps a sum of weights far from int overflow. */
  static final int MAX_WEIGHT = 1_000_000;

  private static final Set<String> DESTINATION_KEYS =
      Set.of("authority", "endpoints", "profile", "identity");

  private static final Set<String> ENDPOINT_KEYS = Set.of("address", "weight", "identity");

  /** A DNS name, as an identity is (lower case labels of letters, digits and hyphens). */
  private static final java.util.regex.Pattern IDENTITY =
      java.util.regex.Pattern.compile(
          "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

  private static final Pattern UNQUOTED_BRACKETS = Pattern.compile("\\baddress:\\s*\\[[^\\]]*\\]:");

  private static final Pattern UNQUOTED_REGEX = Pattern.compile("\\bpathRegex:\\s*[^\\s\"']");

  private DestinationsYaml() {}

  /**
   * The destinations the content defines, in file order.
   *
   * @param file named in error messages
   * @throws DestinationsFileException naming the place of the first problem
   */
  static Map<Authority, Destination> parse(Path file, byte[] content) {
    Object root;
    try {
      root = newYaml().load(new ByteArrayInputStream(content));
    } catch (MarkedYAMLException e) {
      throw new DestinationsFileException(file, syntaxProblem(e, content));
    } catch (YAMLException e) {
      throw new DestinationsFileException(file, "not valid YAML: " + oneLine(e.getMessage()));
    }
    return new Parser(file).destinations(root);
  }

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    return new Yaml(new SafeConstructor(options));
  }

  private static String syntaxProblem(MarkedYAMLException e, byte[] content) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String where =
        mark == null
            ? ""
            : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
    String hint = "";
    String line = mark == null ? "" : line(content, mark.getLine());
    if (UNQUOTED_BRACKETS.matcher(line).find()) {
      // [::1]:9001 unquoted starts a YAML flow sequence; the parser's own words do not say so.
      hint = " (an address in brackets must be quoted, as in address: \"[::1]:9001\")";
    } else if (UNQUOTED_REGEX.matcher(line).find()) {
      // ? [ ] { } , end a plain scalar inside {...}, and * starts an alias.
      hint = " (quote regular expressions, as in pathRegex: \"/books(/.*)?\")";
    }
    return "not valid YAML" + where + ": " + oneLine(problem) + hint;
  }

  /** Line {@code index} (0-based) of the content, or "" when there is none. */
  private static String line(byte[] content, int index) {
    List<String> lines = new String(content, StandardCharsets.UTF_8).lines().toList();
    return index >= 0 && index < lines.size() ? lines.get(index) : "";
  }

  private static String oneLine(String text) {
    return text == null ? "unknown problem" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** Walks the loaded tree; one instance per parse. */
  private static final class Parser {

    private final Path file;
    private final ProfileYaml profiles;

    Parser(Path file) {
      this.file = file;
      this.profiles = new ProfileYaml(file);
    }

    Map<Authority, Destination> destinations(Object root) {
      if (root == null) {
        throw problem("the file is empty; expected a mapping with a \"destinations\" list");
      }
      if (!(root instanceof Map<?, ?> top)) {
        throw problem(
            "expected a mapping with a \"destinations\" list at the top level, found "
                + describe(root));
      }
      for (Object key : top.keySet()) {
        if (!"destinations".equals(key)) {
          throw problem("unknown top-level key " + describe(key) + "; expected \"destinations\"");
        }
      }
      if (!top.containsKey("destinations")) {
        throw problem("expected a \"destinations\" list at the top level");
      }
      List<?> list = list(top.get("destinations"), "destinations", "a list of destinations");
      Map<Authority, Destination> destinations = new LinkedHashMap<>();
      Map<Authority, Integer> definedAt = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        String place = "destinations[" + i + "]";
        Destination destination = destination(list.get(i), place);
        Integer earlier = definedAt.putIfAbsent(destination.authority(), i);
        if (earlier != null) {
          throw problem(
              place
                  + ".authority: \""
                  + destination.authority()
                  + "\" is already defined by destinations["
                  + earlier
                  + "]");
        }
        destinations.put(destination.authority(), destination);
      }
      return destinations;
    }

    private Destination destination(Object node, String place) {
      Map<?, ?> map = mapping(node, place, "authority and endpoints");
      for (Object key : map.keySet()) {
        if (!DESTINATION_KEYS.contains(key)) {
          throw problem(
              place
                  + ": unknown key "
                  + describe(key)
                  + "; expected authority, endpoints, profile or identity");
        }
      }
      Authority authority = authority(map.get("authority"), place + ".authority");
      Optional<String> identity = identity(map.get("identity"), place + ".identity");
      List<?> list = list(map.get("endpoints"), place + ".endpoints", "a list of endpoints");
      List<Endpoint> endpoints = new ArrayList<>(list.size());
      Map<InetSocketAddress, Integer> listedAt = new HashMap<>();
      for (int j = 0; j < list.size(); j++) {
        String endpointPlace = place + ".endpoints[" + j + "]";
        Endpoint endpoint = endpoint(list.get(j), endpointPlace, identity);
        Integer earlier = listedAt.putIfAbsent(endpoint.address(), j);
        if (earlier != null) {
          throw problem(
              endpointPlace
                  + ".address: \""
                  + endpoint.label()
                  + "\" is already listed at endpoints["
                  + earlier
                  + "]");
        }
        endpoints.add(endpoint);
      }
      ServiceProfile profile = profiles.profile(map.get("profile"), place + ".profile");
      return new Destination(authority, endpoints, profile);
    }

    private Authority authority(Object node, String place) {
      if (node == null) {
        throw problem(
            place
                + ": missing; expected the host:port clients address, such as"
                + " web.demo.svc.cluster.local:8080");
      }
      if (!(node instanceof String text)) {
        throw problem(
            place
                + ": expected a host:port such as web.demo.svc.cluster.local:8080, found "
                + describe(node));
      }
      try {
        return Authority.parse(text, DEFAULT_AUTHORITY_PORT);
      } catch (IllegalArgumentException e) {
        throw problem(
            place
                + ": \""
                + printable(text)
                + "\" is not a valid authority ("
                + e.getMessage()
                + ")");
      }
    }

    /**
     * @param identity the destination's identity, which endpoints without their own take
     */
    private Endpoint endpoint(Object node, String place, Optional<String> identity) {
      Map<?, ?> map = mapping(node, place, "address and weight");
      for (Object key : map.keySet()) {
        if (!ENDPOINT_KEYS.contains(key)) {
          throw problem(
              place + ": unknown key " + describe(key) + "; expected address, weight or identity");
        }
      }
      Optional<String> own = identity(map.get("identity"), place + ".identity");
      return new Endpoint(
          address(map.get("address"), place + ".address"),
          weight(map, place),
          own.isPresent() ? own : identity);
    }

    /** An identity name, or empty when the key is absent. */
    private Optional<String> identity(Object node, String place) {
      if (node == null) {
        return Optional.empty();
      }
      if (!(node instanceof String name) || !IDENTITY.matcher(name).matches()) {
        throw problem(
            place
                + ": expected the identity the endpoint's proxy presents, a DNS name such as"
                + " web.demo.serviceaccount.identity.meshctl-system.cluster.local, found "
                + describe(node));
      }
      return Optional.of(name);
    }

    private InetSocketAddress address(Object node, String place) {
      if (node == null) {
        throw problem(place + ": missing; expected an IP address and port such as 127.0.0.1:9001");
      }
      if (!(node instanceof String text)) {
        throw problem(
            place
                + ": expected an IP address and port such as 127.0.0.1:9001 or \"[::1]:9001\""
                + " (quote IPv6 addresses in YAML), found "
                + describe(node));
      }
      try {
        return SocketAddresses.parseIpAndPort(text, false);
      } catch (IllegalArgumentException e) {
        throw problem(
            place
                + ": \""
                + printable(text)
                + "\" is not an IP address and port ("
                + e.getMessage()
                + ")");
      }
    }

    private int weight(Map<?, ?> endpoint, String place) {
      if (!endpoint.containsKey("weight")) {
        return 1;
      }
      Object node = endpoint.get("weight");
      boolean whole = node instanceof Integer || node instanceof Long || node instanceof BigInteger;
      if (whole) {
        BigInteger value = new BigInteger(node.toString());
        if (value.compareTo(BigInteger.ONE) >= 0
            && value.compareTo(BigInteger.valueOf(MAX_WEIGHT)) <= 0) {
          return value.intValueExact();
        }
      }
      throw problem(
          place
              + ".weight: "
              + (whole ? node.toString() : describe(node))
              + " is not a whole number from 1 to "
              + MAX_WEIGHT);
    }

    private Map<?, ?> mapping(Object node, String place, String keys) {
      if (node instanceof Map<?, ?> map) {
        return map;
      }
      throw problem(place + ": expected a mapping with " + keys + ", found " + describe(node));
    }

    /** A list; an absent or empty ({@code key:}) value is an empty list. */
    private List<?> list(Object node, String place, String what) {
      if (node == null) {
        return List.of();
      }
      if (node instanceof List<?> list) {
        return list;
      }
      throw problem(place + ": expected " + what + ", found " + describe(node));
    }

    private DestinationsFileException problem(String problem) {
      return new DestinationsFileException(file, problem);
    }
  }

  /** What a YAML node is, for messages. */
  static String describe(Object node) {
    if (node == null) {
      return "nothing";
    } else if (node instanceof Map<?, ?>) {
      return "a mapping";
    } else if (node instanceof List<?>) {
      return "a list";
    } else if (node instanceof String text) {
      return "\"" + printable(text) + "\"";
    }
    return printable(String.valueOf(node));
  }

  static String printable(String text) {
    return ConfigException.printable(text);
  }
}
