package dev.meshctl.demo;

import java.io.PrintWriter;

/**
 * The life of a started workload: announce it with one {@code ready: ...} line on stdout (which
 * whoever starts the process waits for), then serve until termination is requested.
 */
final class Serving {

  private Serving() {}

  static int untilTerminated(PrintWriter out, String readyLine, Termination termination) {
    out.println("ready: " + readyLine);
    out.flush();
    try {
      termination.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }
}
