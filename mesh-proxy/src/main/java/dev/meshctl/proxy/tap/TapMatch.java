package dev.meshctl.proxy.tap;

import dev.meshctl.api.tap.ObserveRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which requests a tap wants: an {@link ObserveRequest.Match} checked once, when the tap opens, and
 * turned into a tree of predicates over a request's head and its peer's identity. Case does not
 * matter for the authority and the method; it does for the path.
 */
@FunctionalInterface
public interface TapMatch {

  /** Matches every request: a tap without a match. */
  TapMatch ALL = (request, peerIdentity) -> true;

  boolean matches(TapRequestHead request, String peerIdentity);

  /**
   * The predicate of {@code match}; an unset top-level match (the default message) matches every
   * request.
   *
   * @throws IllegalArgumentException saying what is wrong (e.g. a match inside {@code all} with
   *     nothing set), for an INVALID_ARGUMENT answer
   */
  static TapMatch of(ObserveRequest.Match match) {
    if (match.getMatchCase() == ObserveRequest.Match.MatchCase.MATCH_NOT_SET) {
      return ALL;
    }
    return compile(match, "match");
  }

  private static TapMatch compile(ObserveRequest.Match match, String where) {
    return switch (match.getMatchCase()) {
      case ALL -> {
        List<TapMatch> all = compileEach(match.getAll(), where + ".all");
        yield (request, peer) -> all.stream().allMatch(m -> m.matches(request, peer));
      }
      case ANY -> {
        List<TapMatch> any = compileEach(match.getAny(), where + ".any");
        yield (request, peer) -> any.stream().anyMatch(m -> m.matches(request, peer));
      }
      case NOT -> {
        TapMatch not = compile(match.getNot(), where + ".not");
        yield (request, peer) -> !not.matches(request, peer);
      }
      case AUTHORITY -> {
        String authority = nonEmpty(match.getAuthority(), where + ".authority");
        yield (request, peer) -> request.hasAuthority(authority);
      }
      case PATH_PREFIX -> {
        String prefix = match.getPathPrefix();
        yield (request, peer) -> request.path().startsWith(prefix);
      }
      case METHOD -> {
        String method = nonEmpty(match.getMethod(), where + ".method");
        yield (request, peer) -> request.method().equalsIgnoreCase(method);
      }
      case IDENTITY -> {
        String identity =
            nonEmpty(match.getIdentity(), where + ".identity").toLowerCase(Locale.ROOT);
        yield (request, peer) -> identity.equals(peer);
      }
      case MATCH_NOT_SET ->
          throw new IllegalArgumentException(
              where
                  + " has nothing set: give one of all, any, not, authority, path_prefix,"
                  + " method or identity");
    };
  }

  private static List<TapMatch> compileEach(ObserveRequest.Match.Seq seq, String where) {
    List<TapMatch> compiled = new ArrayList<>(seq.getMatchesCount());
    for (int i = 0; i < seq.getMatchesCount(); i++) {
      compiled.add(compile(seq.getMatches(i), where + "[" + i + "]"));
    }
    return List.copyOf(compiled);
  }

  private static String nonEmpty(String value, String where) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(where + " is empty");
    }
    return value;
  }
}
