package dev.meshctl.controller.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.api.destination.NoEndpoints;
import dev.meshctl.api.destination.TcpAddress;
import dev.meshctl.api.destination.Update;
import dev.meshctl.api.destination.WeightedAddr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointUpdatesTest {

  private static final Map<String, String> LABELS = Map.of("namespace", "demo", "service", "web");

  @Test
  void firstAnswer_isTheWholeSet() {
    List<Update> updates = EndpointUpdates.diff(null, set(addr("10.0.0.2"), addr("10.0.0.1")));

    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).getAdd().getAddrsList())
        .extracting(WeightedAddr::getAddr)
        .containsExactly(tcp("10.0.0.1"), tcp("10.0.0.2"));
    assertThat(updates.get(0).getAdd().getMetricLabelsMap()).isEqualTo(LABELS);
  }

  @Test
  void firstAnswerOfAnEmptyOrMissingSet_isNoEndpoints() {
    assertThat(EndpointUpdates.diff(null, set())).containsExactly(noEndpoints(true));
    assertThat(EndpointUpdates.diff(null, EndpointSet.missing()))
        .containsExactly(noEndpoints(false));
  }

  @Test
  void changes_areRemoveThenAddOfWhatChanged() {
    WeightedAddr changed = addr("10.0.0.2").toBuilder().setWeight(1).build();

    List<Update> updates =
        EndpointUpdates.diff(
            set(addr("10.0.0.1"), addr("10.0.0.2"), addr("10.0.0.3")),
            set(addr("10.0.0.1"), changed, addr("10.0.0.4")));

    assertThat(updates).hasSize(2);
    assertThat(updates.get(0).getRemove().getAddrsList()).containsExactly(tcp("10.0.0.3"));
    assertThat(updates.get(1).getAdd().getAddrsList()).containsExactly(changed, addr("10.0.0.4"));
  }

  @Test
  void sameSet_isNoUpdate() {
    assertThat(EndpointUpdates.diff(set(addr("10.0.0.1")), set(addr("10.0.0.1")))).isEmpty();
    assertThat(EndpointUpdates.diff(set(), set())).isEmpty();
  }

  @Test
  void emptied_isNoEndpoints_andRefilled_isTheWholeSet() {
    assertThat(EndpointUpdates.diff(set(addr("10.0.0.1")), set()))
        .containsExactly(noEndpoints(true));
    assertThat(EndpointUpdates.diff(set(), set(addr("10.0.0.1"))).get(0).getAdd().getAddrsCount())
        .isEqualTo(1);
  }

  @Test
  void serviceDeleted_isNoEndpointsThatDoNotExist() {
    assertThat(EndpointUpdates.diff(set(addr("10.0.0.1")), EndpointSet.missing()))
        .containsExactly(noEndpoints(false));
    assertThat(EndpointUpdates.diff(set(), EndpointSet.missing()))
        .containsExactly(noEndpoints(false));
  }

  private static EndpointSet set(WeightedAddr... addrs) {
    Map<TcpAddress, WeightedAddr> endpoints = new HashMap<>();
    for (WeightedAddr addr : addrs) {
      endpoints.put(addr.getAddr(), addr);
    }
    return new EndpointSet(true, LABELS, endpoints);
  }

  private static WeightedAddr addr(String ip) {
    return WeightedAddr.newBuilder().setAddr(tcp(ip)).setWeight(10_000).build();
  }

  private static TcpAddress tcp(String ip) {
    return DestinationTranslator.tcpAddress(ip, 8080);
  }

  private static Update noEndpoints(boolean exists) {
    return Update.newBuilder().setNoEndpoints(NoEndpoints.newBuilder().setExists(exists)).build();
  }
}
