package dev.meshctl.proxy.http;

import io.netty.handler.codec.http.HttpRequest;

/**
 * Decides where a request goes, per direction. Called on the event loop for every request: it reads
 * current discovery state and never blocks.
 */
public interface HttpRouter {

  Route route(HttpRequest request, ConnectionContext connection);
}
