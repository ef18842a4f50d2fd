package dev.meshctl.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunRecorderTest {

  @Test
  void failureDetails_dropWhatDiffersFromOneFailureToTheNext() {
    assertThat(
            RunRecorder.shorten(
                "grpc UNAVAILABLE: the endpoint closed the connection: 127.0.0.1:37653:"
                    + " writevAddresses(..) failed"))
        .isEqualTo(
            "grpc UNAVAILABLE: the endpoint closed the connection: <addr>: writevAddresses failed");
    assertThat(RunRecorder.shorten("status 502")).isEqualTo("status 502");
    assertThat(RunRecorder.shorten("Cannot create stream 33851 greater than Last-Stream-ID 33847"))
        .isEqualTo("Cannot create stream N greater than Last-Stream-ID N");
    assertThat(RunRecorder.shorten("x".repeat(200))).hasSize(90).endsWith("...");
  }

  @Test
  void unansweredRequests_countAsTimeouts_andLateAnswersAreIgnored() {
    RunRecorder recorder = new RunRecorder(System.nanoTime());
    recorder.sent(0);
    recorder.sent(0);
    recorder.answered(System.nanoTime(), null, null);

    LoadResult result = recorder.finish(LoadModel.OPEN, 100, 0, 1_000_000);
    recorder.answered(System.nanoTime(), null, null);

    assertThat(result.ok()).isEqualTo(1);
    assertThat(result.timeouts()).isEqualTo(1);
    assertThat(result.errorDetails()).containsKey("no answer before the end of the drain period");
  }
}
