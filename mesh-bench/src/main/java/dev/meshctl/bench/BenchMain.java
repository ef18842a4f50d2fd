package dev.meshctl.bench;

import dev.meshctl.bench.backend.Backend;
import dev.meshctl.bench.handshake.HandshakePlan;
import dev.meshctl.bench.handshake.HandshakeRunner;
import dev.meshctl.bench.handshake.HandshakeWorker;
import dev.meshctl.bench.load.ClosedLoopRun;
import dev.meshctl.bench.load.LoadClient;
import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.load.OpenLoopRun;
import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.Target;
import dev.meshctl.bench.report.BalancerTable;
import dev.meshctl.bench.report.HandshakeJson;
import dev.meshctl.bench.report.HandshakeMarkdown;
import dev.meshctl.bench.report.HandshakeTable;
import dev.meshctl.bench.results.BalancerResults;
import dev.meshctl.bench.results.HandshakeResult;
import dev.meshctl.bench.results.HandshakeResults;
import dev.meshctl.bench.run.BalancerPlan;
import dev.meshctl.bench.run.BalancerRunner;
import dev.meshctl.bench.run.BenchPlan;
import dev.meshctl.bench.run.BenchRunner;
import dev.meshctl.bench.run.RunSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The benchmark's entry point, with one subcommand per job:
 *
 * <ul>
 *   <li>{@code run}: the whole benchmark of {@code bench/run} (deploys every configuration, drives
 *       the load, writes the results);
 *   <li>{@code balancer}: the benchmark of {@code bench/balancer} (P2C/PeakEWMA against round robin
 *       with one slow endpoint);
 *   <li>{@code handshakes}: the benchmark of {@code bench/handshakes} (a new connection between two
 *       proxies, plaintext against mTLS), which runs {@code handshakes-worker} JVMs;
 *   <li>{@code backend}: the backend alone, until killed;
 *   <li>{@code load}: one load run against any address, for trying things by hand.
 * </ul>
 */
public final class BenchMain {

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  private static final String USAGE =
      """
      usage: mesh-bench run --out DIR --proxy-jar JAR --proxy-launcher SCRIPT [--plan quick|full]
                            [--sut-cpus 1] [--only CONFIG,...] [--protocols http1,h2c,grpc]
             mesh-bench balancer --out DIR --proxy-jar JAR --proxy-launcher SCRIPT
                                 [--plan quick|full] [--rate 500] [--sut-cpus 1]
             mesh-bench handshakes --out DIR [--cpus 1] [--warmup 3000] [--connections 2000]
                                   [--rounds 4]
             mesh-bench backend [--listen 127.0.0.1:8080] [--threads 1] [--delay 0ms]
             mesh-bench load --target IP:PORT [--authority HOST:PORT] [--protocol http1|h2c|grpc]
                             (--rate RPS | --concurrency N) [--duration 10s] [--warmup 2s]
      """;

  private BenchMain() {}

  public static void main(String[] args) {
    // Netty's epoll loops wait on a timerfd, precise to microseconds, only for waits longer than
    // this threshold (10 ms by default), and on epoll_wait's whole milliseconds below it: a
    // fixed-rate schedule needs the former always. Set before any Netty class loads.
    System.setProperty("io.netty.channel.epoll.epollWaitThreshold", "0");
    System.setProperty("io.grpc.netty.shaded.io.netty.channel.epoll.epollWaitThreshold", "0");
    System.exit(run(List.of(args), System.out, System.err));
  }

  /** Runs a subcommand; returns the exit code. */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.print(USAGE);
      return EXIT_USAGE;
    }
    List<String> rest = args.subList(1, args.size());
    try {
      return switch (args.get(0)) {
        case "run" -> runBench(rest, out);
        case "balancer" -> balancer(rest, out);
        case "handshakes" -> handshakes(rest, out);
        case "handshakes-worker" -> handshakesWorker(rest, out);
        case "backend" -> backend(rest, out);
        case "load" -> load(rest, out);
        default -> {
          err.print(USAGE);
          yield EXIT_USAGE;
        }
      };
    } catch (IllegalArgumentException e) {
      err.println("mesh-bench: " + e.getMessage());
      err.print(USAGE);
      return EXIT_USAGE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("mesh-bench: interrupted");
      return EXIT_FAILED;
    } catch (Exception e) {
      err.println("mesh-bench: failed: " + e);
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        err.println("  caused by: " + cause);
      }
      return EXIT_FAILED;
    }
  }

  private static int runBench(List<String> rest, PrintStream out) throws Exception {
    Args args =
        Args.parse(
            rest,
            Set.of(),
            Set.of("out", "plan", "proxy-jar", "proxy-launcher", "sut-cpus", "only", "protocols"));
    BenchPlan plan = BenchPlan.named(args.get("plan", "full"));
    List<Protocol> protocols =
        Arrays.stream(args.get("protocols", "http1,h2c,grpc").split(","))
            .map(Protocol::of)
            .toList();
    List<String> only =
        args.flag("only") ? Arrays.asList(args.required("only").split(",")) : List.of();
    RunSettings settings =
        new RunSettings(
            Path.of(args.required("out")),
            Path.of(args.required("proxy-jar")),
            Path.of(args.required("proxy-launcher")),
            args.get("sut-cpus", "1"),
            protocols,
            only);
    new BenchRunner(plan, settings, out).run();
    return EXIT_OK;
  }

  /**
   * Exits with {@link #EXIT_FAILED} when a balancer could not be measured (results still written).
   */
  private static int balancer(List<String> rest, PrintStream out) throws Exception {
    Args args =
        Args.parse(
            rest,
            Set.of(),
            Set.of("out", "plan", "rate", "proxy-jar", "proxy-launcher", "sut-cpus"));
    BalancerPlan plan = BalancerPlan.named(args.get("plan", "full"));
    if (args.flag("rate")) {
      plan = plan.withRate(args.integer("rate", plan.rate()));
    }
    RunSettings settings =
        new RunSettings(
            Path.of(args.required("out")),
            Path.of(args.required("proxy-jar")),
            Path.of(args.required("proxy-launcher")),
            args.get("sut-cpus", "1"),
            List.of(Protocol.HTTP1),
            List.of());
    BalancerResults results = new BalancerRunner(plan, settings, out).run();
    out.println();
    out.print(BalancerTable.render(results));
    out.flush();
    return results.runs().stream().allMatch(r -> r.notRun() == null) ? EXIT_OK : EXIT_FAILED;
  }

  private static int handshakes(List<String> rest, PrintStream out) throws Exception {
    Args args =
        Args.parse(rest, Set.of(), Set.of("out", "cpus", "warmup", "connections", "rounds"));
    Path dir = Path.of(args.required("out"));
    HandshakeResults results =
        new HandshakeRunner(handshakePlan(args), dir, args.get("cpus", "1"), out).run();
    Files.writeString(dir.resolve("results.md"), HandshakeMarkdown.render(results));
    Files.writeString(dir.resolve("results.json"), HandshakeJson.render(results));
    out.println();
    out.print(HandshakeTable.render(results));
    out.flush();
    return EXIT_OK;
  }

  /** One worker JVM of {@code handshakes}; writes its results, one line per variant. */
  private static int handshakesWorker(List<String> rest, PrintStream out) throws Exception {
    Args args =
        Args.parse(
            rest,
            Set.of(),
            Set.of("worker", "identity", "result", "warmup", "connections", "rounds"));
    List<HandshakeResult> results =
        new HandshakeWorker(handshakePlan(args), args.required("worker"), out)
            .run(Path.of(args.required("identity")));
    StringBuilder lines = new StringBuilder();
    results.forEach(r -> lines.append(r.toLine()).append('\n'));
    Files.writeString(Path.of(args.required("result")), lines);
    results.forEach(r -> out.println(r.toLine()));
    return EXIT_OK;
  }

  private static HandshakePlan handshakePlan(Args args) {
    HandshakePlan standard = HandshakePlan.standard();
    return new HandshakePlan(
        args.integer("warmup", standard.warmup()),
        args.integer("connections", standard.connections()),
        args.integer("rounds", standard.rounds()));
  }

  private static int backend(List<String> rest, PrintStream out) throws InterruptedException {
    Args args = Args.parse(rest, Set.of(), Set.of("listen", "threads", "delay"));
    Backend backend =
        Backend.start(
            args.address("listen", "127.0.0.1:0"),
            args.integer("threads", 1),
            args.duration("delay", Duration.ZERO));
    out.println("mesh-bench backend listening on " + backend.address());
    out.flush();
    backend.awaitClose();
    out.println("mesh-bench backend: the listening socket closed; exiting");
    return EXIT_FAILED;
  }

  private static int load(List<String> rest, PrintStream out) throws Exception {
    Args args =
        Args.parse(
            rest,
            Set.of(),
            Set.of("target", "authority", "protocol", "rate", "concurrency", "duration", "warmup"));
    Protocol protocol = Protocol.of(args.get("protocol", "http1"));
    Target target =
        new Target(args.address("target", null), args.get("authority", "backend.bench:8080"));
    Duration duration = args.duration("duration", Duration.ofSeconds(10));
    Duration warmup = args.duration("warmup", Duration.ofSeconds(2));
    int rate = args.integer("rate", 0);
    int concurrency = args.integer("concurrency", 0);
    if ((rate > 0) == (concurrency > 0)) {
      throw new IllegalArgumentException("give one of --rate and --concurrency");
    }
    Duration drain = Duration.ofSeconds(5);
    try (LoadClient client = LoadClient.connect(protocol, target, new LoadClient.Options(16, 1))) {
      LoadResult result;
      if (rate > 0) {
        OpenLoopRun.run(client, rate, warmup, drain);
        result = OpenLoopRun.run(client, rate, duration, drain);
      } else {
        ClosedLoopRun.run(client, concurrency, warmup, drain);
        result = ClosedLoopRun.run(client, concurrency, duration, drain);
      }
      out.println(protocol.id() + " " + result.summary());
    }
    return EXIT_OK;
  }
}
