package dev.meshctl.proxy.http;

import dev.meshctl.proxy.http.client.UpstreamClients;
import dev.meshctl.proxy.metrics.ProxyMetrics;
import dev.meshctl.proxy.tap.Taps;

/**
 * What one direction's HTTP exchanges need: where requests go, the connections they go on, the
 * metrics they record, the taps that may observe them, and the in-flight count shutdown waits for.
 */
public record HttpForwarding(
    HttpRouter router,
    UpstreamClients clients,
    ProxyMetrics metrics,
    Taps taps,
    InFlightRequests inFlight) {}
