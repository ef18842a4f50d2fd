package dev.meshctl.proxy.http.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.http.ProxyError;
import dev.meshctl.proxy.profile.RetryBudgetSpec;
import dev.meshctl.proxy.profile.ServiceProfile;
import dev.meshctl.proxy.profile.WeightedDst;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A destination whose profile splits its traffic (a canary): each request goes to one backend
 * authority, chosen by weight, and is balanced over that backend's endpoints; changing the weights
 * moves the traffic; a backend nobody knows is answered with a 502 that names it.
 */
class TrafficSplitTest {

  private static final String STABLE = "books-stable.test:8080";
  private static final String CANARY = "books-canary.test:8080";

  private TestBackend stable;
  private TestBackend canary;
  private MutableDestinations destinations;
  private ProxyFixture fixture;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    stable = TestBackend.start("stable");
    canary = TestBackend.start("canary");
    destinations =
        new MutableDestinations().put(STABLE, stable.address()).put(CANARY, canary.address());
    fixture = ProxyFixture.start(destinations);
    client = MeshClients.jdkVia(fixture.outbound());
  }

  @AfterEach
  void stop() {
    fixture.close();
    stable.close();
    canary.close();
  }

  private void split(int stableWeight, int canaryWeight) {
    destinations.put(
        MeshClients.AUTHORITY,
        new ServiceProfile(
            List.of(),
            RetryBudgetSpec.DEFAULT,
            List.of(
                new WeightedDst(Authority.parse(STABLE, 80), stableWeight),
                new WeightedDst(Authority.parse(CANARY, 80), canaryWeight))));
  }

  @Test
  void ninetyTen_thenFiftyFifty_movesTheTraffic() throws Exception {
    split(90, 10);
    long toCanary = canaryShare(2_000);
    assertThat(toCanary).as("requests of 2,000 to the canary at 90/10").isBetween(140L, 260L);

    split(50, 50);
    long after = canaryShare(2_000);
    assertThat(after).as("requests of 2,000 to the canary at 50/50").isBetween(900L, 1_100L);
  }

  @Test
  void aBackendWithWeightZero_getsNothing() throws Exception {
    split(1, 0);

    assertThat(canaryShare(200)).isZero();
  }

  @Test
  void anUnknownBackend_isA502NamingIt() throws Exception {
    destinations.put(
        MeshClients.AUTHORITY,
        new ServiceProfile(
            List.of(),
            RetryBudgetSpec.DEFAULT,
            List.of(new WeightedDst(Authority.parse("books-gone.test:8080", 80), 1))));

    HttpResponse<String> response =
        client.send(MeshClients.request("/").GET().build(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue(ProxyError.HEADER).orElseThrow())
        .contains("books-gone.test:8080")
        .contains("a backend of " + MeshClients.AUTHORITY);
  }

  /** How many of {@code n} requests the canary answered, 16 at a time. */
  private long canaryShare(int n) throws Exception {
    Semaphore window = new Semaphore(16);
    List<CompletableFuture<HttpResponse<Void>>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      window.acquire();
      futures.add(
          client
              .sendAsync(MeshClients.request("/").GET().build(), BodyHandlers.discarding())
              .whenComplete((r, e) -> window.release()));
    }
    long toCanary = 0;
    for (CompletableFuture<HttpResponse<Void>> f : futures) {
      HttpResponse<Void> response = f.get();
      assertThat(response.statusCode()).isEqualTo(200);
      if ("canary".equals(response.headers().firstValue("x-backend").orElse(""))) {
        toCanary++;
      }
    }
    return toCanary;
  }
}
