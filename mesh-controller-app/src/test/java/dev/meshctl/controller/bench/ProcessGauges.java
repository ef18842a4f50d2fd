package dev.meshctl.controller.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap and CPU of this JVM, which holds the controller, the mock API server and the benchmark
 * itself: every figure includes all three.
 */
final class ProcessGauges {

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** Heap in use after a full collection, in bytes. */
  long heapUsedAfterGc() {
    for (int i = 0; i < 3; i++) {
      memory.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** CPU time of the whole process so far, all threads, in nanoseconds. */
  long processCpuNanos() {
    return os.getProcessCpuTime();
  }
}
