package dev.meshctl.proxy.discovery.remote;

import static dev.meshctl.proxy.discovery.remote.FakeDestinationService.addr;
import static dev.meshctl.proxy.discovery.remote.FakeDestinationService.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.meshctl.api.destination.AddrSet;
import dev.meshctl.api.destination.NoEndpoints;
import dev.meshctl.api.destination.TcpAddress;
import dev.meshctl.api.destination.Update;
import dev.meshctl.api.destination.WeightedAddr;
import dev.meshctl.api.destination.WeightedAddrSet;
import dev.meshctl.proxy.discovery.Endpoint;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointSetTest {

  private static final InetSocketAddress A = new InetSocketAddress("10.0.0.1", 80);
  private static final InetSocketAddress B = new InetSocketAddress("10.0.0.2", 80);
  private static final InetSocketAddress V6 = new InetSocketAddress("fd00::1", 9090);

  private final EndpointSet set = new EndpointSet();
  private final List<String> problems = new ArrayList<>();

  private static Update add(WeightedAddr... addrs) {
    return Update.newBuilder()
        .setAdd(WeightedAddrSet.newBuilder().addAllAddrs(List.of(addrs)))
        .build();
  }

  private static Update remove(InetSocketAddress... addresses) {
    AddrSet.Builder removed = AddrSet.newBuilder();
    for (InetSocketAddress address : addresses) {
      removed.addAddrs(tcp(address));
    }
    return Update.newBuilder().setRemove(removed).build();
  }

  private static Update noEndpoints(boolean exists) {
    return Update.newBuilder().setNoEndpoints(NoEndpoints.newBuilder().setExists(exists)).build();
  }

  private boolean apply(Update update, boolean first) {
    return set.apply(update, first, problems::add);
  }

  @Test
  void beforeAnyUpdate_nothingIsKnown() {
    assertThat(set.known()).isFalse();
    assertThat(set.exists()).isFalse();
    assertThat(set.endpoints()).isEmpty();
  }

  @Test
  void addThenRemove_changeTheSet_inTheOrderFirstAdded() {
    assertThat(apply(add(addr(A), addr(V6, 2, "Web.Demo.Serviceaccount.Identity.X")), true))
        .isTrue();
    assertThat(set.endpoints())
        .containsExactly(
            new Endpoint(A, 1),
            new Endpoint(V6, 2, Optional.of("web.demo.serviceaccount.identity.x")));

    assertThat(apply(add(addr(B), addr(A, 4, "")), false)).isTrue();
    assertThat(set.endpoints())
        .extracting(Endpoint::address, Endpoint::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(A, 4),
            org.assertj.core.groups.Tuple.tuple(V6, 2),
            org.assertj.core.groups.Tuple.tuple(B, 1));

    assertThat(apply(remove(A, V6), false)).isTrue();
    assertThat(set.endpoints()).containsExactly(new Endpoint(B, 1));
    assertThat(set.exists()).isTrue();
    assertThat(problems).isEmpty();
  }

  @Test
  void anUpdateThatChangesNothing_saysSo() {
    apply(add(addr(A)), true);

    assertThat(apply(add(addr(A)), false)).isFalse();
    assertThat(apply(remove(B), false)).isFalse();
  }

  @Test
  void firstMessageOfANewStream_replacesTheSet() {
    apply(add(addr(A), addr(B)), true);

    assertThat(apply(add(addr(V6)), true)).isTrue();

    assertThat(set.endpoints()).extracting(Endpoint::address).containsExactly(V6);
  }

  @Test
  void noEndpoints_emptiesTheSet_andSaysWhetherTheAuthorityExists() {
    apply(add(addr(A)), true);

    apply(noEndpoints(true), false);
    assertThat(set.endpoints()).isEmpty();
    assertThat(set.exists()).isTrue();

    assertThat(apply(noEndpoints(false), false)).isTrue();
    assertThat(set.exists()).isFalse();
    assertThat(set.known()).isTrue();

    apply(add(addr(B)), false);
    assertThat(set.exists()).isTrue();
  }

  @Test
  void weights_zeroCountsAsOne_andHugeOnesAreCapped() {
    apply(add(addr(A, 0, ""), addr(B, -1, "")), true); // -1 is uint32 4294967295

    assertThat(set.endpoints())
        .extracting(Endpoint::weight)
        .containsExactly(1, EndpointSet.MAX_WEIGHT);
  }

  @Test
  void unusableAddresses_areLeftOut_andTheRestApplies() {
    WeightedAddr badIp =
        WeightedAddr.newBuilder()
            .setAddr(TcpAddress.newBuilder().setIp(ByteString.copyFrom(new byte[5])).setPort(80))
            .build();
    WeightedAddr badPort =
        WeightedAddr.newBuilder()
            .setAddr(TcpAddress.newBuilder().setIp(tcp(A).getIp()).setPort(70000))
            .build();

    apply(add(badIp, addr(B), badPort), true);

    assertThat(set.endpoints()).extracting(Endpoint::address).containsExactly(B);
    assertThat(problems)
        .containsExactly(
            "an address of 5 bytes (not IPv4's 4 or IPv6's 16) was left out",
            "an address with port 70000 (not 1-65535) was left out");
  }

  @Test
  void anEmptyUpdate_isIgnoredWithAProblem_unlessItIsAStreamsFirst() {
    apply(add(addr(A)), true);

    assertThat(apply(Update.getDefaultInstance(), false)).isFalse();
    assertThat(set.endpoints()).hasSize(1);
    assertThat(problems).hasSize(1);

    assertThat(apply(Update.getDefaultInstance(), true)).isTrue();
    assertThat(set.endpoints()).isEmpty();
  }
}
