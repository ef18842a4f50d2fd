package dev.meshctl.proxy.http.client;

import io.netty.handler.codec.http.HttpObject;

/** The exchange an upstream channel's response goes to while a request is in flight on it. */
public interface ResponseReceiver {

  /** A piece of the response: head, body content, or the last content with trailers. */
  void onResponse(HttpObject msg);

  /** The upstream channel has no more to read for now: time to flush what was written on. */
  void onUpstreamReadComplete();

  /** The upstream channel can take more (or no more) request bytes. */
  void onUpstreamWritabilityChanged(boolean writable);

  /**
   * The upstream channel or stream ended before the exchange was done.
   *
   * @param cause the error, or null for a plain close
   */
  void onUpstreamClosed(Throwable cause);
}
