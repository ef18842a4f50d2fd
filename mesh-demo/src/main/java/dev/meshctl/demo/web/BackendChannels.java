package dev.meshctl.demo.web;

import dev.meshctl.demo.HostPort;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Optional;

/**
 * Opens the web workload's gRPC channels to its back ends, plaintext HTTP/2 (h2c). Without an
 * outbound proxy, a back end is dialled at its own address. With one (the workload's own proxy's
 * outbound listener), every call is sent there, carrying the back end's authority as {@code
 * :authority}: that is what the proxy routes by, as it would for a connection redirected to it.
 */
final class BackendChannels {

  private BackendChannels() {}

  static ManagedChannel open(HostPort backend, Optional<HostPort> outbound) {
    NettyChannelBuilder builder =
        outbound
            .map(
                proxy ->
                    NettyChannelBuilder.forAddress(proxy.socketAddress())
                        .overrideAuthority(backend.toString()))
            .orElseGet(() -> NettyChannelBuilder.forTarget("dns:///" + backend));
    return builder.usePlaintext().build();
  }
}
