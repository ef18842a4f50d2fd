package dev.meshctl.bench.load;

import java.net.InetSocketAddress;

/**
 * Where a load client connects and the authority it puts in its requests ({@code Host} or {@code
 * :authority}): the proxies under test route by it, the backend ignores it.
 */
public record Target(InetSocketAddress address, String authority) {}
