package dev.meshctl.bench.load;

/** What a load client speaks to the configuration under test. */
public enum Protocol {
  /** HTTP/1.1 over keep-alive connections, one request at a time on each. */
  HTTP1("http1", "HTTP/1.1"),
  /** HTTP/2 over cleartext with prior knowledge (RFC 9113 section 3.3), many streams at once. */
  H2C("h2c", "HTTP/2 (h2c)"),
  /** gRPC unary calls (over h2c). */
  GRPC("grpc", "gRPC unary");

  private final String id;
  private final String title;

  Protocol(String id, String title) {
    this.id = id;
    this.title = title;
  }

  /** Short name used in file names, JSON and on the command line. */
  public String id() {
    return id;
  }

  /** Name used in tables and charts. */
  public String title() {
    return title;
  }

  /** The protocol whose {@link #id()} is {@code id}. */
  public static Protocol of(String id) {
    for (Protocol p : values()) {
      if (p.id.equalsIgnoreCase(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown protocol " + id + " (http1, h2c or grpc)");
  }
}
