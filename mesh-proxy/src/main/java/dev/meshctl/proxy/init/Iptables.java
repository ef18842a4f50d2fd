package dev.meshctl.proxy.init;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Installs {@link NatRules} with the iptables binaries: {@code <iptables>-restore --noflush} for
 * the two chains, then, for each jump, {@code <iptables> -t nat -C} and, only when it is missing,
 * {@code -A}. The only class of ProxyInit that runs commands.
 */
final class Iptables {

  private final String iptables;
  private final String restore;
  private final CommandRunner runner;

  private Iptables(String iptables, String restore, CommandRunner runner) {
    this.iptables = iptables;
    this.restore = restore;
    this.runner = runner;
  }

  /**
   * The iptables binary {@code command} (a path, or a name looked up in {@code path}) and its
   * {@code -restore} companion beside it.
   *
   * @throws IptablesException when either is not found
   */
  static Iptables locate(String command, String path, CommandRunner runner) {
    Path binary =
        find(command, path)
            .orElseThrow(
                () ->
                    new IptablesException(
                        "iptables not found: "
                            + (command.contains("/")
                                ? command + " is not an executable file"
                                : "no executable " + command + " on the PATH (" + path + ")")));
    Path restore = binary.resolveSibling(binary.getFileName() + "-restore");
    if (!Files.isExecutable(restore)) {
      throw new IptablesException(
          "iptables not found: " + restore + " (beside " + binary + ") is not an executable file");
    }
    return new Iptables(binary.toString(), restore.toString(), runner);
  }

  private static Optional<Path> find(String command, String path) {
    if (command.contains("/")) {
      Path file = Path.of(command);
      return Files.isRegularFile(file) && Files.isExecutable(file)
          ? Optional.of(file)
          : Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path file = Path.of(dir, command);
      if (Files.isRegularFile(file) && Files.isExecutable(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  /**
   * The commands {@link #install} runs, as a shell would show them (for {@code --dry-run}); {@code
   * iptables} is the command as given, not looked up.
   */
  static List<String> describe(NatRules rules, String iptables) {
    List<String> lines = new ArrayList<>();
    lines.add(iptables + "-restore --noflush <<'EOF'");
    lines.add(rules.restoreInput().stripTrailing());
    lines.add("EOF");
    for (List<String> jump : rules.jumps()) {
      String rule = String.join(" ", jump);
      lines.add(
          iptables + " -t nat -C " + rule + " 2>/dev/null || " + iptables + " -t nat -A " + rule);
    }
    return lines;
  }

  /**
   * Installs the rules; returns whether each jump was added (false: it was there already).
   *
   * @throws IptablesException when a command cannot be run or fails, with its standard error
   */
  List<Boolean> install(NatRules rules) {
    run(List.of(restore, "--noflush"), rules.restoreInput());
    List<Boolean> added = new ArrayList<>();
    for (List<String> jump : rules.jumps()) {
      List<String> check = new ArrayList<>(List.of(iptables, "-t", "nat", "-C"));
      check.addAll(jump);
      if (exec(check, "").exitCode() == 0) {
        added.add(false);
        continue;
      }
      List<String> append = new ArrayList<>(List.of(iptables, "-t", "nat", "-A"));
      append.addAll(jump);
      run(append, "");
      added.add(true);
    }
    return added;
  }

  private void run(List<String> command, String stdin) {
    CommandRunner.Result result = exec(command, stdin);
    if (result.exitCode() != 0) {
      String stderr = result.stderr().strip().replace('\n', ' ');
      throw new IptablesException(
          String.join(" ", command)
              + " failed (exit "
              + result.exitCode()
              + "): "
              + (stderr.isEmpty() ? "no error output" : stderr));
    }
  }

  private CommandRunner.Result exec(List<String> command, String stdin) {
    try {
      return runner.run(command, stdin);
    } catch (IOException e) {
      throw new IptablesException("cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IptablesException("interrupted while running " + command.get(0));
    }
  }
}
