package dev.meshctl.demo;

import picocli.CommandLine.Option;

/** The {@code --listen} option of the workloads that serve: where their server binds. */
final class ListenOption {

  @Option(
      names = "--listen",
      required = true,
      paramLabel = "HOST:PORT",
      converter = HostPortConverter.class,
      description = "Address to serve on, e.g. 127.0.0.1:8080; port 0 picks a free port.")
  HostPort address;
}
