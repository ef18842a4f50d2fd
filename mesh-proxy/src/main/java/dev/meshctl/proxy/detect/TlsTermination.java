package dev.meshctl.proxy.detect;

import io.netty.channel.ChannelPipeline;

/**
 * What a listener does with a connection that starts with a TLS ClientHello: relay it untouched
 * (outbound, or a proxy without identity), or look whether it is the mesh's mTLS and terminate it.
 */
@FunctionalInterface
public interface TlsTermination {

  /** TLS is the application's own business: relayed as opaque bytes. */
  TlsTermination RELAY = (pipeline, stacks) -> stacks.installOpaque(pipeline);

  /** Installs the handlers that deal with the ClientHello, at the end of {@code pipeline}. */
  void install(ChannelPipeline pipeline, ProtocolStacks stacks);
}
