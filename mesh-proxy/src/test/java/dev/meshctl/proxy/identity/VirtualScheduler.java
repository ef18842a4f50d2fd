package dev.meshctl.proxy.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} in virtual time for tests: tasks run on the test's thread, in time order,
 * when the test advances the clock. Not thread-safe; everything it runs must stay on that thread.
 */
final class VirtualScheduler implements Scheduler {

  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private Instant now;
  private long sequence;

  VirtualScheduler(Instant start) {
    this.now = start;
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public Scheduled schedule(Runnable runnable, Duration delay) {
    Task task = new Task(now.plus(delay), sequence++, runnable);
    tasks.add(task);
    return () -> task.cancelled = true;
  }

  /** Runs the tasks due now, including those they schedule for now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  /** Moves the clock forward by {@code duration}, running every task that falls due on the way. */
  void advance(Duration duration) {
    Instant target = now.plus(duration);
    while (!tasks.isEmpty() && !tasks.peek().at.isAfter(target)) {
      Task task = tasks.poll();
      now = task.at;
      if (!task.cancelled) {
        task.runnable.run();
      }
    }
    now = target;
  }

  /** How long until the next task that has not been cancelled, if any. */
  Optional<Duration> untilNext() {
    return tasks.stream()
        .filter(task -> !task.cancelled)
        .min(Task::compareTo)
        .map(task -> Duration.between(now, task.at));
  }

  /** The tasks not cancelled, for checking that nothing is left. */
  List<Instant> pending() {
    List<Instant> times = new ArrayList<>();
    tasks.stream().filter(task -> !task.cancelled).forEach(task -> times.add(task.at));
    return times;
  }

  private static final class Task implements Comparable<Task> {
    final Instant at;
    final long sequence;
    final Runnable runnable;
    boolean cancelled;

    Task(Instant at, long sequence, Runnable runnable) {
      this.at = at;
      this.sequence = sequence;
      this.runnable = runnable;
    }

    @Override
    public int compareTo(Task other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }
}
