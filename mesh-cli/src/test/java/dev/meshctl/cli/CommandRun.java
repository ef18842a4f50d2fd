package dev.meshctl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs one meshctl command line in the test's JVM and keeps what it printed. */
final class CommandRun {

  final int exitCode;
  final String out;
  final String err;

  CommandRun(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Meshctl.run(new PrintWriter(out), new PrintWriter(err), args);
    return new CommandRun(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
