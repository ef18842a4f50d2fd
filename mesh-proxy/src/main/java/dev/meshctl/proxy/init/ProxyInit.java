package dev.meshctl.proxy.init;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The init container of a meshed pod: installs the iptables NAT rules that send the pod's TCP
 * traffic through the proxy ({@link NatRules}), with {@link Iptables}. Options in {@link
 * InitOptions#USAGE}. Exceptions become exit codes here and nowhere else.
 */
public final class ProxyInit {

  static final int EXIT_OK = 0;

  /** iptables missing, or a command failed. */
  static final int EXIT_IPTABLES = 1;

  /** Bad command line. */
  static final int EXIT_USAGE = 2;

  private ProxyInit() {}

  public static void main(String[] args) {
    System.exit(
        run(
            System.out,
            System.err,
            Arrays.asList(args),
            System.getenv().getOrDefault("PATH", ""),
            CommandRunner.processes()));
  }

  /** Runs with the given streams, {@code PATH} and command runner; returns the exit code. */
  static int run(
      PrintStream out, PrintStream err, List<String> args, String path, CommandRunner runner) {
    InitOptions options;
    try {
      options = InitOptions.parse(args);
    } catch (UsageException e) {
      err.println("ProxyInit: " + e.getMessage() + " (see --help)");
      return EXIT_USAGE;
    }
    if (options.help()) {
      out.print(InitOptions.USAGE);
      return EXIT_OK;
    }
    NatRules rules = NatRules.of(options);
    if (options.dryRun()) {
      out.println("# dry run: these commands would be run");
      Iptables.describe(rules, options.iptables()).forEach(out::println);
      return EXIT_OK;
    }
    long start = System.nanoTime();
    try {
      List<Boolean> added = Iptables.locate(options.iptables(), path, runner).install(rules);
      long millis = (System.nanoTime() - start) / 1_000_000;
      out.println("# nat rules installed in " + millis + " ms (IPv4):");
      rules.chainRules().forEach(out::println);
      for (int i = 0; i < rules.jumps().size(); i++) {
        out.println(
            "-A "
                + String.join(" ", rules.jumps().get(i))
                + (added.get(i) ? "" : "  # was there already"));
      }
      return EXIT_OK;
    } catch (IptablesException e) {
      err.println("ProxyInit: " + e.getMessage());
      return EXIT_IPTABLES;
    }
  }
}
