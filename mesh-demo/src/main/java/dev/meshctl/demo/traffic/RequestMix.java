package dev.meshctl.demo.traffic;

import java.util.random.RandomGenerator;

/**
 * Which page the traffic generator asks for next: {@code /} a quarter of the time, {@code
 * /api/books} a quarter, and {@code /books/{id}} for a random known id half the time, so that the
 * book pages (which need the authors service) carry most of the load.
 */
public final class RequestMix {

  private final int bookCount;
  private final RandomGenerator random;

  /**
   * @param bookCount how many books there are; ids run from 1 to it
   */
  public RequestMix(int bookCount, RandomGenerator random) {
    if (bookCount < 1) {
      throw new IllegalArgumentException("no book to ask for");
    }
    this.bookCount = bookCount;
    this.random = random;
  }

  public String nextPath() {
    int pick = random.nextInt(4);
    return switch (pick) {
      case 0 -> "/";
      case 1 -> "/api/books";
      default -> "/books/" + (1 + random.nextInt(bookCount));
    };
  }
}
