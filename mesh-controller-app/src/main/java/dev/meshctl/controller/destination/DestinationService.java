package dev.meshctl.controller.destination;

import dev.meshctl.api.destination.DestinationGrpc;
import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.GetDestination;
import dev.meshctl.api.destination.Update;
import dev.meshctl.controller.discovery.Authority;
import dev.meshctl.controller.discovery.DestinationTranslator;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.EndpointUpdates;
import dev.meshctl.controller.discovery.Target;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The Destination gRPC API: one {@link CoalescingStream} per call, watching the {@link
 * DiscoveryModel} through the {@link DestinationTranslator}.
 */
public final class DestinationService extends DestinationGrpc.DestinationImplBase {

  private final DiscoveryModel model;
  private final DestinationTranslator translator;
  private final StreamRecorder recorder;
  private final Set<CoalescingStream<?, ?>> open = ConcurrentHashMap.newKeySet();

  public DestinationService(
      DiscoveryModel model, DestinationTranslator translator, StreamRecorder recorder) {
    this.model = model;
    this.translator = translator;
    this.recorder = recorder;
  }

  @Override
  public void get(GetDestination request, StreamObserver<Update> observer) {
    Authority authority = parse(request, observer);
    if (authority == null) {
      return;
    }
    start(
        StreamRecorder.Kind.GET,
        authority,
        observer,
        () -> translator.endpoints(authority),
        EndpointUpdates::diff);
  }

  @Override
  public void getProfile(GetDestination request, StreamObserver<DestinationProfile> observer) {
    Authority authority = parse(request, observer);
    if (authority == null) {
      return;
    }
    start(
        StreamRecorder.Kind.PROFILE,
        authority,
        observer,
        () -> translator.profile(authority),
        (previous, next) -> next.equals(previous) ? List.of() : List.of(next));
  }

  /** Ends every open stream, so that proxies move to another controller at once. */
  public void completeAll() {
    open.forEach(CoalescingStream::complete);
  }

  private <S, M> void start(
      StreamRecorder.Kind kind,
      Authority authority,
      StreamObserver<M> observer,
      java.util.function.Supplier<S> state,
      java.util.function.BiFunction<S, S, List<M>> diff) {
    ServerCallStreamObserver<M> call = (ServerCallStreamObserver<M>) observer;
    CoalescingStream<?, ?>[] self = new CoalescingStream<?, ?>[1];
    CoalescingStream<S, M> stream =
        new CoalescingStream<>(
            kind.label() + " " + authority,
            model,
            call,
            interest(authority),
            state,
            diff,
            () -> recorder.sent(kind),
            () -> {
              open.remove(self[0]);
              recorder.closed(kind);
            });
    self[0] = stream;
    open.add(stream);
    recorder.opened(kind);
    stream.start();
  }

  /**
   * Which namespaces' changes can change an authority's answer: its Service's namespace for a name;
   * any for an IP, which may come to belong to any Service or pod.
   */
  private Predicate<String> interest(Authority authority) {
    if (authority.isIpAddress()) {
      return namespace -> true;
    }
    Target target = translator.resolve(authority);
    if (target instanceof Target.ServiceTarget service) {
      String namespace = service.service().namespace();
      return namespace::equals;
    }
    return namespace -> false;
  }

  private static Authority parse(GetDestination request, StreamObserver<?> observer) {
    try {
      return Authority.parse(request.getPath());
    } catch (IllegalArgumentException e) {
      observer.onError(
          Status.INVALID_ARGUMENT.withDescription("path: " + e.getMessage()).asRuntimeException());
      return null;
    }
  }
}
