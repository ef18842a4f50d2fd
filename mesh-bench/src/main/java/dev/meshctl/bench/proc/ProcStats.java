package dev.meshctl.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a process's CPU time and memory from Linux's {@code /proc}: {@code stat} for user and
 * system CPU time, {@code status} for the resident set ({@code VmRSS}) and its peak ({@code
 * VmHWM}), and {@code clear_refs} to restart the peak at the current size, so that a peak can be
 * taken over one run.
 */
public final class ProcStats {

  private static final Path PROC = Path.of("/proc");

  private ProcStats() {}

  /** User plus system CPU time of {@code pid} in clock ticks, if the process exists. */
  public static OptionalLong cpuTicks(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.US_ASCII);
      // Fields after the command name, which is in parentheses and may contain spaces:
      // state(3) ppid(4) ... utime(14) stime(15), numbered from 1 as in proc(5).
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** The parent process id of {@code pid}, or -1. */
  static long parent(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.US_ASCII);
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** {@code VmRSS} of {@code pid} in KiB. */
  public static OptionalLong rssKib(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** {@code VmHWM} (peak resident set) of {@code pid} in KiB. */
  public static OptionalLong peakRssKib(long pid) {
    return statusField(pid, "VmHWM:");
  }

  /** {@code RssAnon} of {@code pid} in KiB: heap, stacks, malloc and direct buffers. */
  public static OptionalLong anonRssKib(long pid) {
    return statusField(pid, "RssAnon:");
  }

  /** {@code RssFile} of {@code pid} in KiB: mapped files (code, the class-data sharing archive). */
  public static OptionalLong fileRssKib(long pid) {
    return statusField(pid, "RssFile:");
  }

  /**
   * Restarts {@code pid}'s peak resident set at its current size (writes 5 to {@code clear_refs},
   * Linux 4.0+); false when not allowed.
   */
  public static boolean resetPeakRss(long pid) {
    try {
      Files.writeString(PROC.resolve(pid + "/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** {@code pid} and all its descendants (a web server's master and workers). */
  public static List<Long> tree(long pid) {
    List<long[]> parents = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path dir : dirs) {
        long child = Long.parseLong(dir.getFileName().toString());
        parents.add(new long[] {child, parent(child)});
      }
    } catch (IOException e) {
      return List.of(pid);
    }
    List<Long> tree = new ArrayList<>(List.of(pid));
    for (int i = 0; i < tree.size(); i++) {
      long p = tree.get(i);
      for (long[] pair : parents) {
        if (pair[1] == p) {
          tree.add(pair[0]);
        }
      }
    }
    return tree;
  }

  /**
   * Busy and total clock ticks of each CPU in {@code cpus} summed, from {@code /proc/stat}: {@code
   * {busy, total}}, busy being everything but idle and iowait.
   */
  public static long[] cpuBusyTotal(List<Integer> cpus) {
    long busy = 0;
    long total = 0;
    try {
      for (String line : Files.readAllLines(PROC.resolve("stat"))) {
        if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        if (!cpus.contains(Integer.parseInt(f[0].substring(3)))) {
          continue;
        }
        long sum = 0;
        for (int i = 1; i <= 8 && i < f.length; i++) {
          sum += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        busy += sum - idle;
        total += sum;
      }
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
    return new long[] {busy, total};
  }

  /** A CPU list as {@code taskset -c} and {@code Cpus_allowed_list} write it: {@code 0,2-3}. */
  public static List<Integer> cpuList(String list) {
    List<Integer> cpus = new ArrayList<>();
    for (String part : list.trim().split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int dash = part.indexOf('-');
      int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).trim());
      int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).trim());
      for (int c = from; c <= to; c++) {
        cpus.add(c);
      }
    }
    return cpus;
  }

  /** The CPUs {@code pid} may run on ({@code Cpus_allowed_list}), e.g. {@code 0}. */
  public static String cpusAllowed(long pid) {
    try {
      for (String line : Files.readAllLines(PROC.resolve(pid + "/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return "";
  }

  /** Clock ticks per second ({@code getconf CLK_TCK}); 100 on every common Linux. */
  public static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      return getconf.waitFor() == 0 ? Long.parseLong(out.trim()) : 100;
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  private static OptionalLong statusField(long pid, String field) {
    try {
      for (String line : Files.readAllLines(PROC.resolve(pid + "/status"))) {
        if (line.startsWith(field)) {
          return OptionalLong.of(
              Long.parseLong(line.substring(field.length()).trim().split(" ")[0]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return OptionalLong.empty();
  }
}
