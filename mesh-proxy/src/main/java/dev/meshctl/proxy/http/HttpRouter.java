package dev.meshctl.proxy.http;

import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;

/**
 * Decides where a request goes, per direction. Called on the event loop for every request: it reads
 * current discovery state and never blocks.
 */
public interface HttpRouter {

  Route route(HttpRequest request, ConnectionContext connection);

  /**
   * Tells the router that connecting to an endpoint failed, so that its balancer avoids it for a
   * while.
   */
  default void connectFailed(InetSocketAddress endpoint) {}
}
