package dev.meshctl.proxy.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, exit codes and commands of ProxyInit, with a stand-in for iptables. */
class ProxyInitTest {

  @TempDir Path bin;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<List<String>> commands = new ArrayList<>();
  private final List<String> stdins = new ArrayList<>();
  private Function<List<String>, CommandRunner.Result> answers;

  @BeforeEach
  void fakeIptablesOnThePath() throws IOException {
    for (String name : List.of("iptables", "iptables-restore")) {
      Path file = Files.createFile(bin.resolve(name));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    answers = command -> new CommandRunner.Result(0, "", "");
  }

  @Test
  void firstRun_restoresTheChains_thenAppendsBothJumps() {
    answers =
        command ->
            new CommandRunner.Result(command.contains("-C") ? 1 : 0, "", "iptables: Bad rule");

    int code = run("--ignore-outbound-ports", "443");

    assertThat(code).isEqualTo(ProxyInit.EXIT_OK);
    String iptables = bin.resolve("iptables").toString();
    assertThat(commands)
        .containsExactly(
            List.of(iptables + "-restore", "--noflush"),
            List.of(iptables, "-t", "nat", "-C", "PREROUTING", "-p", "tcp", "-j", "MESH_INBOUND"),
            List.of(iptables, "-t", "nat", "-A", "PREROUTING", "-p", "tcp", "-j", "MESH_INBOUND"),
            List.of(iptables, "-t", "nat", "-C", "OUTPUT", "-p", "tcp", "-j", "MESH_OUTBOUND"),
            List.of(iptables, "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-j", "MESH_OUTBOUND"));
    assertThat(stdins.get(0))
        .isEqualTo(
            NatRules.of(InitOptions.parse(List.of("--ignore-outbound-ports", "443")))
                .restoreInput());
    assertThat(stdout())
        .containsPattern("^# nat rules installed in [0-9]+ ms \\(IPv4\\):\n")
        .contains("-A MESH_OUTBOUND -p tcp -m tcp --dport 443 -j RETURN\n")
        .contains("-A PREROUTING -p tcp -j MESH_INBOUND\n")
        .contains("-A OUTPUT -p tcp -j MESH_OUTBOUND\n");
    assertThat(stderr()).isEmpty();
  }

  @Test
  void secondRun_findsTheJumps_andAddsNone() {
    int code = run();

    assertThat(code).isEqualTo(ProxyInit.EXIT_OK);
    assertThat(commands).hasSize(3).noneMatch(command -> command.contains("-A"));
    assertThat(stdout()).contains("-A OUTPUT -p tcp -j MESH_OUTBOUND  # was there already\n");
  }

  @Test
  void failingIptables_isReportedWithItsErrorOutput_exit1() {
    answers =
        command ->
            new CommandRunner.Result(
                2, "", "iptables-restore v1.8.9 (nf_tables): Couldn't load target `REDIRECT'\n");

    int code = run();

    assertThat(code).isEqualTo(ProxyInit.EXIT_IPTABLES);
    assertThat(stderr())
        .isEqualTo(
            "ProxyInit: "
                + bin.resolve("iptables-restore")
                + " --noflush failed (exit 2): iptables-restore v1.8.9 (nf_tables):"
                + " Couldn't load target `REDIRECT'\n");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void missingIptables_isOneLine_exit1() {
    int code =
        ProxyInit.run(
            print(out),
            print(err),
            List.of("--iptables", "iptables-nope"),
            bin.toString(),
            this::fake);

    assertThat(code).isEqualTo(ProxyInit.EXIT_IPTABLES);
    assertThat(stderr())
        .isEqualTo(
            "ProxyInit: iptables not found: no executable iptables-nope on the PATH ("
                + bin
                + ")\n");
    assertThat(commands).isEmpty();
  }

  @Test
  void missingRestoreCompanion_isOneLine_exit1() throws IOException {
    Files.delete(bin.resolve("iptables-restore"));

    int code = run("--iptables", bin.resolve("iptables").toString());

    assertThat(code).isEqualTo(ProxyInit.EXIT_IPTABLES);
    assertThat(stderr()).startsWith("ProxyInit: iptables not found: ").contains("iptables-restore");
  }

  @Test
  void dryRun_printsTheCommands_andRunsNothing() {
    int code = run("--dry-run", "--iptables", "/no/such/iptables-legacy");

    assertThat(code).isEqualTo(ProxyInit.EXIT_OK);
    assertThat(commands).isEmpty();
    assertThat(stdout())
        .contains("/no/such/iptables-legacy-restore --noflush <<'EOF'\n*nat\n")
        .contains("-A MESH_INBOUND -p tcp -j REDIRECT --to-ports 4143\n")
        .contains(
            "/no/such/iptables-legacy -t nat -C OUTPUT -p tcp -j MESH_OUTBOUND 2>/dev/null"
                + " || /no/such/iptables-legacy -t nat -A OUTPUT -p tcp -j MESH_OUTBOUND\n");
  }

  @Test
  void badOption_isOneLineOnStderr_exit2() {
    int code = run("--ignore-inbound-ports", "http");

    assertThat(code).isEqualTo(ProxyInit.EXIT_USAGE);
    assertThat(stderr()).hasLineCount(1).startsWith("ProxyInit: --ignore-inbound-ports http: ");
    assertThat(commands).isEmpty();
  }

  @Test
  void help_printsTheUsage_exit0() {
    int code = run("--help");

    assertThat(code).isEqualTo(ProxyInit.EXIT_OK);
    assertThat(stdout()).isEqualTo(InitOptions.USAGE);
    assertThat(commands).isEmpty();
  }

  private int run(String... args) {
    return ProxyInit.run(print(out), print(err), List.of(args), bin.toString(), this::fake);
  }

  private CommandRunner.Result fake(List<String> command, String stdin) {
    commands.add(command);
    stdins.add(stdin);
    return answers.apply(command);
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
