package dev.meshctl.bench.sut;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * What a configuration needs to deploy itself: the backend, a launcher for processes under test,
 * the proxy, the peers' binaries, free ports and a directory for generated files.
 *
 * @param authority the authority clients address ({@code Host}, {@code :authority}); the mesh
 *     routes by it
 */
public record DeployContext(
    InetSocketAddress backend,
    String authority,
    SutLauncher launcher,
    MeshProxyLauncher meshProxy,
    PeerTools peers,
    Ports ports,
    Path workDir) {}
