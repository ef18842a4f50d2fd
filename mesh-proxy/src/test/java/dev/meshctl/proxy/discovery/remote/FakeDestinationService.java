package dev.meshctl.proxy.discovery.remote;

import com.google.protobuf.ByteString;
import dev.meshctl.api.destination.AddrSet;
import dev.meshctl.api.destination.DestinationGrpc;
import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.GetDestination;
import dev.meshctl.api.destination.NoEndpoints;
import dev.meshctl.api.destination.TcpAddress;
import dev.meshctl.api.destination.TlsIdentity;
import dev.meshctl.api.destination.Update;
import dev.meshctl.api.destination.WeightedAddr;
import dev.meshctl.api.destination.WeightedAddrSet;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller's Destination service as a test drives it. It keeps each authority's endpoint set
 * and profile as the test last set them: a new {@code Get} stream gets the whole set as its first
 * message (nothing, and the stream stays open, for an authority the test has not set), and each
 * change is sent to the open streams as {@code add}, {@code remove} or {@code no_endpoints}. It
 * records the requests, and counts the streams open now. Thread-safe: every send is made under the
 * service's lock, as a stream's observer must not be called from two threads at once.
 */
final class FakeDestinationService extends DestinationGrpc.DestinationImplBase {

  private final Map<String, Map<InetSocketAddress, WeightedAddr>> sets = new HashMap<>();
  private final Map<String, Boolean> exists = new HashMap<>();
  private final Map<String, DestinationProfile> profiles = new HashMap<>();
  private final Map<String, Status> refusals = new HashMap<>();
  private final Map<String, List<StreamObserver<Update>>> getStreams = new HashMap<>();
  private final Map<String, List<StreamObserver<DestinationProfile>>> profileStreams =
      new HashMap<>();
  private final List<GetDestination> getRequests = new ArrayList<>();
  private final List<GetDestination> profileRequests = new ArrayList<>();

  /** An endpoint of the fake's sets: weight 1, not meshed. */
  static WeightedAddr addr(InetSocketAddress address) {
    return addr(address, 1, "");
  }

  /** An endpoint with a weight and, unless empty, the identity it must present. */
  static WeightedAddr addr(InetSocketAddress address, int weight, String identity) {
    WeightedAddr.Builder builder =
        WeightedAddr.newBuilder().setAddr(tcp(address)).setWeight(weight);
    if (!identity.isEmpty()) {
      builder.setTlsIdentity(TlsIdentity.newBuilder().setDnsLikeIdentity(identity));
    }
    return builder.build();
  }

  static TcpAddress tcp(InetSocketAddress address) {
    return TcpAddress.newBuilder()
        .setIp(ByteString.copyFrom(address.getAddress().getAddress()))
        .setPort(address.getPort())
        .build();
  }

  /** Adds endpoints to (or changes them in) the set of {@code path}, which then exists. */
  synchronized void add(String path, WeightedAddr... addrs) {
    Map<InetSocketAddress, WeightedAddr> set = set(path);
    for (WeightedAddr addr : addrs) {
      set.put(key(addr.getAddr()), addr);
    }
    exists.put(path, true);
    send(
        path,
        Update.newBuilder()
            .setAdd(WeightedAddrSet.newBuilder().addAllAddrs(List.of(addrs)))
            .build());
  }

  /** Removes endpoints from the set of {@code path}. */
  synchronized void remove(String path, InetSocketAddress... addresses) {
    Map<InetSocketAddress, WeightedAddr> set = set(path);
    AddrSet.Builder removed = AddrSet.newBuilder();
    for (InetSocketAddress address : addresses) {
      set.remove(address);
      removed.addAddrs(tcp(address));
    }
    send(path, Update.newBuilder().setRemove(removed).build());
  }

  /** Empties the set of {@code path}, saying whether the authority exists at all. */
  synchronized void noEndpoints(String path, boolean exist) {
    set(path).clear();
    exists.put(path, exist);
    send(path, noEndpointsUpdate(exist));
  }

  /** Sets the profile of {@code path}, sent to its open profile streams. */
  synchronized void profile(String path, DestinationProfile profile) {
    profiles.put(path, profile);
    for (StreamObserver<DestinationProfile> stream : streams(profileStreams, path)) {
      stream.onNext(profile);
    }
  }

  /** Makes the next Get calls for {@code path} fail with {@code status} (null: answer again). */
  synchronized void refuse(String path, Status status) {
    if (status == null) {
      refusals.remove(path);
    } else {
      refusals.put(path, status);
    }
  }

  /** Ends every open stream with {@code status}, as a controller in trouble would. */
  synchronized void failAll(Status status) {
    getStreams.values().forEach(list -> list.forEach(s -> s.onError(status.asRuntimeException())));
    profileStreams
        .values()
        .forEach(list -> list.forEach(s -> s.onError(status.asRuntimeException())));
    getStreams.clear();
    profileStreams.clear();
  }

  /** Forgets the open streams, as when the server they were on is stopped. */
  synchronized void forgetStreams() {
    getStreams.clear();
    profileStreams.clear();
  }

  synchronized int openGetStreams(String path) {
    return streams(getStreams, path).size();
  }

  synchronized int openProfileStreams(String path) {
    return streams(profileStreams, path).size();
  }

  synchronized List<GetDestination> getRequests() {
    return List.copyOf(getRequests);
  }

  synchronized List<GetDestination> profileRequests() {
    return List.copyOf(profileRequests);
  }

  @Override
  public void get(GetDestination request, StreamObserver<Update> observer) {
    ServerCallStreamObserver<Update> stream = (ServerCallStreamObserver<Update>) observer;
    String path = request.getPath();
    synchronized (this) {
      getRequests.add(request);
      Status refusal = refusals.get(path);
      if (refusal != null) {
        stream.onError(refusal.asRuntimeException());
        return;
      }
      stream.setOnCancelHandler(() -> forget(getStreams, path, stream));
      getStreams.computeIfAbsent(path, p -> new ArrayList<>()).add(stream);
      if (exists.containsKey(path)) {
        Map<InetSocketAddress, WeightedAddr> set = set(path);
        stream.onNext(
            set.isEmpty()
                ? noEndpointsUpdate(exists.get(path))
                : Update.newBuilder()
                    .setAdd(WeightedAddrSet.newBuilder().addAllAddrs(set.values()))
                    .build());
      }
    }
  }

  @Override
  public void getProfile(GetDestination request, StreamObserver<DestinationProfile> observer) {
    ServerCallStreamObserver<DestinationProfile> stream =
        (ServerCallStreamObserver<DestinationProfile>) observer;
    String path = request.getPath();
    synchronized (this) {
      profileRequests.add(request);
      stream.setOnCancelHandler(() -> forget(profileStreams, path, stream));
      profileStreams.computeIfAbsent(path, p -> new ArrayList<>()).add(stream);
      DestinationProfile profile = profiles.get(path);
      if (profile != null) {
        stream.onNext(profile);
      }
    }
  }

  private synchronized <T> void forget(
      Map<String, List<StreamObserver<T>>> streams, String path, StreamObserver<T> stream) {
    List<StreamObserver<T>> list = streams.get(path);
    if (list != null) {
      list.remove(stream);
    }
  }

  private void send(String path, Update update) {
    for (StreamObserver<Update> stream : streams(getStreams, path)) {
      stream.onNext(update);
    }
  }

  private Map<InetSocketAddress, WeightedAddr> set(String path) {
    return sets.computeIfAbsent(path, p -> new LinkedHashMap<>());
  }

  private static <T> List<StreamObserver<T>> streams(
      Map<String, List<StreamObserver<T>>> streams, String path) {
    return List.copyOf(streams.getOrDefault(path, List.of()));
  }

  private static Update noEndpointsUpdate(boolean exist) {
    return Update.newBuilder().setNoEndpoints(NoEndpoints.newBuilder().setExists(exist)).build();
  }

  private static InetSocketAddress key(TcpAddress addr) {
    try {
      return new InetSocketAddress(
          java.net.InetAddress.getByAddress(addr.getIp().toByteArray()), addr.getPort());
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
