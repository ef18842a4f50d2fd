package dev.meshctl.proxy.profile;

import dev.meshctl.proxy.config.ConfigException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The condition of a route: which requests it covers, as a Linkerd ServiceProfile's {@code
 * RequestMatch}. Conditions combine with {@link #all}, {@link #any} and {@link #not}. Matching is
 * cheap enough for every request: it allocates nothing but a regex {@link Matcher}.
 */
public sealed interface RequestMatch
    permits RequestMatch.All,
        RequestMatch.Any,
        RequestMatch.Not,
        RequestMatch.Method,
        RequestMatch.PathRegex {

  /**
   * Whether a request matches.
   *
   * @param method the request method, compared case-sensitively (RFC 9110 section 9.1)
   * @param path the request path as sent (percent-encoded); a query, from the first {@code ?}, is
   *     ignored
   */
  boolean matches(String method, String path);

  /** Every request: the condition of the default route (all of no condition). */
  static RequestMatch always() {
    return All.EVERY;
  }

  /** Matches when every one of {@code matches} does (so, with none, every request). */
  static RequestMatch all(List<RequestMatch> matches) {
    return new All(matches);
  }

  /** Matches when at least one of {@code matches} does (so, with none, no request). */
  static RequestMatch any(List<RequestMatch> matches) {
    return new Any(matches);
  }

  /** Matches when {@code match} does not. */
  static RequestMatch not(RequestMatch match) {
    return new Not(match);
  }

  /**
   * Matches requests with exactly this method.
   *
   * @throws IllegalArgumentException when {@code method} is not an HTTP token
   */
  static RequestMatch method(String method) {
    return new Method(method);
  }

  /**
   * Matches requests whose whole path (without the query) matches {@code regex}, as Linkerd's
   * {@code pathRegex} does: {@code /books} matches {@code /books} only, not {@code /books/1}.
   *
   * @throws PatternSyntaxException when {@code regex} is not a valid Java regular expression
   */
  static RequestMatch pathRegex(String regex) {
    return new PathRegex(Pattern.compile(regex));
  }

  /** All of the conditions. */
  record All(List<RequestMatch> matches) implements RequestMatch {

    static final All EVERY = new All(List.of());

    public All {
      matches = List.copyOf(matches);
    }

    @Override
    public boolean matches(String method, String path) {
      for (int i = 0; i < matches.size(); i++) {
        if (!matches.get(i).matches(method, path)) {
          return false;
        }
      }
      return true;
    }
  }

  /** At least one of the conditions. */
  record Any(List<RequestMatch> matches) implements RequestMatch {

    public Any {
      matches = List.copyOf(matches);
    }

    @Override
    public boolean matches(String method, String path) {
      for (int i = 0; i < matches.size(); i++) {
        if (matches.get(i).matches(method, path)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The opposite of a condition. */
  record Not(RequestMatch match) implements RequestMatch {

    public Not {
      Objects.requireNonNull(match, "match");
    }

    @Override
    public boolean matches(String method, String path) {
      return !match.matches(method, path);
    }
  }

  /** One method, such as {@code GET}; case-sensitive, as methods are. */
  record Method(String method) implements RequestMatch {

    public Method {
      if (!isToken(method)) {
        throw new IllegalArgumentException(
            "method: "
                + (method == null ? "nothing" : "\"" + ConfigException.printable(method) + "\"")
                + " is not an HTTP method such as GET or POST");
      }
    }

    @Override
    public boolean matches(String method, String path) {
      return this.method.equals(method);
    }

    /** RFC 9110 section 5.6.2: a method is a token. */
    private static boolean isToken(String text) {
      if (text == null || text.isEmpty()) {
        return false;
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        boolean tchar =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        if (!tchar) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A regular expression the whole path must match. Equal when the expressions are the same text,
   * so that a reloaded profile with the same routes compares equal.
   */
  record PathRegex(Pattern pattern) implements RequestMatch {

    public PathRegex {
      Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public boolean matches(String method, String path) {
      Matcher matcher = pattern.matcher(path);
      int query = path.indexOf('?');
      if (query >= 0) {
        // A region rather than a substring: no copy of the path.
        matcher.region(0, query);
      }
      return matcher.matches();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof PathRegex that
          && pattern.pattern().equals(that.pattern.pattern())
          && pattern.flags() == that.pattern.flags();
    }

    @Override
    public int hashCode() {
      return pattern.pattern().hashCode() * 31 + pattern.flags();
    }

    @Override
    public String toString() {
      return "PathRegex[" + pattern.pattern() + "]";
    }
  }
}
