package dev.meshctl.proxy.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class RequestMatchTest {

  private static final RequestMatch GET = RequestMatch.method("GET");
  private static final RequestMatch BOOKS = RequestMatch.pathRegex("/books(/.*)?");

  @Test
  void method_matchesExactlyThatMethod_caseSensitively() {
    assertThat(GET.matches("GET", "/")).isTrue();
    assertThat(GET.matches("POST", "/")).isFalse();
    assertThat(GET.matches("get", "/")).isFalse();
    assertThat(GET.matches("GETX", "/")).isFalse();
  }

  @Test
  void method_thatIsNotAToken_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RequestMatch.method("GE T"))
        .withMessage("method: \"GE T\" is not an HTTP method such as GET or POST");
    assertThatIllegalArgumentException().isThrownBy(() -> RequestMatch.method(""));
    assertThat(RequestMatch.method("M-SEARCH").matches("M-SEARCH", "/")).isTrue();
  }

  @Test
  void pathRegex_mustMatchTheWholePath() {
    assertThat(BOOKS.matches("GET", "/books")).isTrue();
    assertThat(BOOKS.matches("GET", "/books/42")).isTrue();
    assertThat(BOOKS.matches("GET", "/booksX")).isFalse();
    assertThat(BOOKS.matches("GET", "/api/books")).isFalse();

    RequestMatch exact = RequestMatch.pathRegex("/books");
    assertThat(exact.matches("GET", "/books/1")).isFalse();
    assertThat(exact.matches("GET", "/x/books")).isFalse();
  }

  @Test
  void pathRegex_ignoresTheQuery() {
    RequestMatch exact = RequestMatch.pathRegex("/books");

    assertThat(exact.matches("GET", "/books?page=2")).isTrue();
    assertThat(exact.matches("GET", "/books?")).isTrue();
    assertThat(RequestMatch.pathRegex("/books\\?page=2").matches("GET", "/books?page=2")).isFalse();
    assertThat(RequestMatch.pathRegex("/a/[^/]+").matches("GET", "/a/b?c=/d")).isTrue();
  }

  @Test
  void pathRegex_matchesThePathAsSent_percentEncoded() {
    assertThat(RequestMatch.pathRegex("/a%20b").matches("GET", "/a%20b")).isTrue();
    assertThat(RequestMatch.pathRegex("/a b").matches("GET", "/a%20b")).isFalse();
  }

  @Test
  void pathRegex_invalid_throwsThePatternError() {
    assertThatExceptionOfType(PatternSyntaxException.class)
        .isThrownBy(() -> RequestMatch.pathRegex("books("));
  }

  @Test
  void pathRegex_equalByItsText() {
    assertThat(RequestMatch.pathRegex("/a.*")).isEqualTo(RequestMatch.pathRegex("/a.*"));
    assertThat(RequestMatch.pathRegex("/a.*"))
        .hasSameHashCodeAs(RequestMatch.pathRegex("/a.*"))
        .isNotEqualTo(RequestMatch.pathRegex("/b.*"));
  }

  @Test
  void all_matchesWhenEveryConditionDoes() {
    RequestMatch getBooks = RequestMatch.all(List.of(GET, BOOKS));

    assertThat(getBooks.matches("GET", "/books/1")).isTrue();
    assertThat(getBooks.matches("POST", "/books/1")).isFalse();
    assertThat(getBooks.matches("GET", "/authors")).isFalse();
  }

  @Test
  void any_matchesWhenOneConditionDoes() {
    RequestMatch getOrBooks = RequestMatch.any(List.of(GET, BOOKS));

    assertThat(getOrBooks.matches("GET", "/authors")).isTrue();
    assertThat(getOrBooks.matches("POST", "/books")).isTrue();
    assertThat(getOrBooks.matches("POST", "/authors")).isFalse();
  }

  @Test
  void not_inverts() {
    RequestMatch notGet = RequestMatch.not(GET);

    assertThat(notGet.matches("GET", "/")).isFalse();
    assertThat(notGet.matches("DELETE", "/")).isTrue();
  }

  @Test
  void nested_combine() {
    // Writes to books, except the bulk import.
    RequestMatch match =
        RequestMatch.all(
            List.of(
                BOOKS,
                RequestMatch.not(GET),
                RequestMatch.not(RequestMatch.pathRegex("/books/import"))));

    assertThat(match.matches("POST", "/books")).isTrue();
    assertThat(match.matches("POST", "/books/import")).isFalse();
    assertThat(match.matches("GET", "/books")).isFalse();
  }

  @Test
  void emptyAll_matchesEverything_emptyAny_nothing() {
    assertThat(RequestMatch.all(List.of()).matches("GET", "/x")).isTrue();
    assertThat(RequestMatch.always().matches("PATCH", "/anything?q")).isTrue();
    assertThat(RequestMatch.any(List.of()).matches("GET", "/x")).isFalse();
  }
}
