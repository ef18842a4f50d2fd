package dev.meshctl.controller.tap;

import java.nio.file.Path;

/**
 * Where the controller's tap client certificate lives (PEM): its certificate chain (leaf first),
 * its EC private key (PKCS#8, {@code PRIVATE KEY}), and the mesh's trust anchors.
 */
record TapTlsFiles(Path certFile, Path keyFile, Path trustAnchorsFile) {}
