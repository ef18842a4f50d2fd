package dev.meshctl.proxy.balance;

import dev.meshctl.proxy.config.ProxyConfig.Balancer;
import dev.meshctl.proxy.discovery.Endpoint;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Chooses the endpoints of one destination for each request, skipping endpoints that {@link
 * FailureAccrual} has ejected: by default power of two choices over {@link PeakEwma} load ({@link
 * PowerOfTwoChoices}), or in turn ({@link RoundRobin}) as a baseline to compare it with. Load and
 * ejections are tracked the same way for both, so only the choice differs.
 *
 * <p>The caller asks {@link #order} for the endpoints to try, {@link #begin}s an attempt on the one
 * it sends to and {@link Attempt#end ends} it with the response's outcome; those outcomes are what
 * the load and the ejections are computed from. State is kept per address, so it survives changes
 * to the endpoint set for the addresses that stay.
 */
public final class LoadBalancer {

  /** How an attempt ended, as the response classifier saw it. */
  public enum Outcome {
    /** A response that is not a failure; its latency is a load sample. */
    SUCCESS,
    /** A connection error or a 5xx: counts towards ejection; its latency, if known, is a sample. */
    FAILURE,
    /** The request was abandoned (client gone, timeout elsewhere): says nothing of the endpoint. */
    CANCELLED
  }

  private final BalancerConfig config;
  private final LongSupplier nanoClock;
  private final RandomGenerator random;
  private final EndpointChoice choice;
  private final Map<InetSocketAddress, EndpointState> states = new ConcurrentHashMap<>();

  /** A {@link Balancer#PEAK_EWMA} balancer, the default. */
  public LoadBalancer(BalancerConfig config, LongSupplier nanoClock, RandomGenerator random) {
    this(config, Balancer.PEAK_EWMA, nanoClock, random);
  }

  /**
   * @param strategy how the endpoint of each request is chosen
   * @param random used from every thread that calls {@link #order}, so it must be thread-safe
   */
  public LoadBalancer(
      BalancerConfig config, Balancer strategy, LongSupplier nanoClock, RandomGenerator random) {
    this.config = Objects.requireNonNull(config);
    this.nanoClock = Objects.requireNonNull(nanoClock);
    this.random = Objects.requireNonNull(random);
    this.choice =
        switch (Objects.requireNonNull(strategy)) {
          case PEAK_EWMA -> new PowerOfTwoChoices(random);
          case ROUND_ROBIN -> new RoundRobin();
        };
  }

  /**
   * The endpoints to try for one request, best first, the rest as fallbacks for connect failures:
   * with {@link Balancer#PEAK_EWMA} the lighter of two distinct endpoints drawn at random (load
   * divided by weight), then the rest in ascending load; with {@link Balancer#ROUND_ROBIN} the next
   * endpoint in turn, then the ones after it. Ejected endpoints are left out, so the list is empty
   * when all of them are.
   */
  public List<InetSocketAddress> order(List<Endpoint> endpoints) {
    int n = endpoints.size();
    InetSocketAddress[] candidates = new InetSocketAddress[n];
    double[] loads = new double[n];
    int available = 0;
    for (Endpoint endpoint : endpoints) {
      EndpointState state = state(endpoint.address());
      if (state.accrual.acceptsRequests()) {
        candidates[available] = endpoint.address();
        loads[available] = state.ewma.load() / endpoint.weight();
        available++;
      }
    }
    if (states.size() > n) {
      forgetAllBut(endpoints);
    }
    if (available <= 1) {
      return available == 0 ? List.of() : List.of(candidates[0]);
    }
    return choice.order(candidates, loads, available);
  }

  /** A request is being sent to {@code endpoint}; end the returned attempt when it is over. */
  public Attempt begin(InetSocketAddress endpoint) {
    EndpointState state = state(endpoint);
    state.ewma.start();
    return new Attempt(state, state.accrual.start());
  }

  /** Requests in flight to the endpoint; for tests. */
  int pending(InetSocketAddress endpoint) {
    EndpointState state = states.get(endpoint);
    return state == null ? 0 : state.ewma.pending();
  }

  private EndpointState state(InetSocketAddress address) {
    return states.computeIfAbsent(address, a -> new EndpointState(config, nanoClock, random));
  }

  /**
   * Drops the state of addresses that left the endpoint set. Attempts in flight to them keep their
   * own reference and end harmlessly.
   */
  private void forgetAllBut(List<Endpoint> endpoints) {
    Set<InetSocketAddress> current = new HashSet<>(endpoints.size() * 2);
    for (Endpoint endpoint : endpoints) {
      current.add(endpoint.address());
    }
    states.keySet().retainAll(current);
  }

  /** One request in flight to one endpoint. Only the first {@link #end} counts. */
  public static final class Attempt {

    private final EndpointState state;
    private final boolean probe;
    private final AtomicBoolean ended = new AtomicBoolean();

    private Attempt(EndpointState state, boolean probe) {
      this.state = state;
      this.probe = probe;
    }

    /**
     * @param latencyNanos from sending the request to the response headers; ignored when cancelled,
     *     and for a failure when not positive (nothing was measured)
     */
    public void end(Outcome outcome, long latencyNanos) {
      Objects.requireNonNull(outcome);
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      state.ewma.finish();
      switch (outcome) {
        case SUCCESS -> {
          state.ewma.observe(latencyNanos);
          state.accrual.succeeded(probe);
        }
        case FAILURE -> {
          if (latencyNanos > 0) {
            state.ewma.observe(latencyNanos);
          }
          state.accrual.failed(probe);
        }
        case CANCELLED -> state.accrual.cancelled(probe);
      }
    }
  }

  private static final class EndpointState {

    final PeakEwma ewma;
    final FailureAccrual accrual;

    EndpointState(BalancerConfig config, LongSupplier nanoClock, RandomGenerator random) {
      this.ewma = new PeakEwma(config.decay().toNanos(), config.defaultRtt().toNanos(), nanoClock);
      this.accrual =
          new FailureAccrual(
              config.failuresToEject(),
              config.minBackoff().toNanos(),
              config.maxBackoff().toNanos(),
              nanoClock,
              random);
    }
  }
}
