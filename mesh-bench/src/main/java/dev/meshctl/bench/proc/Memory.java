package dev.meshctl.bench.proc;

/**
 * A process tree's memory when it was stopped, MiB: the peak resident set over its whole life
 * ({@code VmHWM}), the resident set then ({@code VmRSS}) and what it is made of: anonymous memory
 * ({@code RssAnon}: heap, stacks, native and direct buffers) and mapped files ({@code RssFile}:
 * code, the class-data sharing archive, partly shared with other processes).
 */
public record Memory(double peakMib, double rssMib, double anonMib, double fileMib) {

  /** Reads {@code pid} and its children, summed. */
  public static Memory of(long pid) {
    long peak = 0;
    long rss = 0;
    long anon = 0;
    long file = 0;
    for (long p : ProcStats.tree(pid)) {
      peak += ProcStats.peakRssKib(p).orElse(0);
      rss += ProcStats.rssKib(p).orElse(0);
      anon += ProcStats.anonRssKib(p).orElse(0);
      file += ProcStats.fileRssKib(p).orElse(0);
    }
    return new Memory(peak / 1024.0, rss / 1024.0, anon / 1024.0, file / 1024.0);
  }
}
