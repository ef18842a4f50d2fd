package dev.meshctl.controller.destination;

/** Records what the Destination API serves; the Micrometer backend sits behind it. */
public interface StreamRecorder {

  /** The two kinds of stream, as the {@code kind} metric label writes them. */
  enum Kind {
    GET("get"),
    PROFILE("profile");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  void opened(Kind kind);

  void closed(Kind kind);

  void sent(Kind kind);

  /** Records nothing (tests). */
  StreamRecorder NONE =
      new StreamRecorder() {
        @Override
        public void opened(Kind kind) {}

        @Override
        public void closed(Kind kind) {}

        @Override
        public void sent(Kind kind) {}
      };
}
