package dev.meshctl.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatsTest {

  private final long self = ProcessHandle.current().pid();

  @Test
  void readsThisProcess_cpuTimeAndMemory() {
    assertThat(ProcStats.cpuTicks(self)).isPresent();
    assertThat(ProcStats.rssKib(self).orElseThrow()).isPositive();
    assertThat(ProcStats.peakRssKib(self).orElseThrow())
        .isGreaterThanOrEqualTo(ProcStats.rssKib(self).orElseThrow() / 2);
    assertThat(ProcStats.tree(self)).startsWith(self);
  }

  @Test
  void aProcessThatIsGone_readsAsEmpty() {
    assertThat(ProcStats.cpuTicks(Long.MAX_VALUE)).isEmpty();
    assertThat(ProcStats.rssKib(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void cpuLists_parseAsTasksetWritesThem() {
    assertThat(ProcStats.cpuList("1")).containsExactly(1);
    assertThat(ProcStats.cpuList("0,2-4")).containsExactly(0, 2, 3, 4);
    assertThat(ProcStats.cpuList("")).isEmpty();
  }

  @Test
  void cpuBusyAndTotal_growWithTime() throws InterruptedException {
    List<Integer> all = ProcStats.cpuList(ProcStats.cpusAllowed(self));
    long[] before = ProcStats.cpuBusyTotal(all);
    Thread.sleep(50);
    long[] after = ProcStats.cpuBusyTotal(all);
    assertThat(after[1]).isGreaterThanOrEqualTo(before[1]);
    assertThat(after[0]).isGreaterThanOrEqualTo(before[0]);
  }
}
