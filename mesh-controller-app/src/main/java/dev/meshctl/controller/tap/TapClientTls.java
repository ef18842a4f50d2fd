package dev.meshctl.controller.tap;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The TLS client side of tap: the controller's certificate and key, and the trust anchors a proxy's
 * certificate must chain to, as a Netty {@link SslContext} for gRPC. The files are read again
 * whenever one of them changed since the last tap (the certificate is renewed every day), and only
 * then; a tap in progress keeps the context it started with.
 *
 * <p>The proxy's name is checked by the TLS handshake itself: the channel's authority is the pod's
 * identity ({@link TapChannels}), which the certificate's DNS SAN must match.
 */
final class TapClientTls {

  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----", Pattern.MULTILINE);

  private final TapTlsFiles files;
  private Loaded loaded;

  TapClientTls(TapTlsFiles files) {
    this.files = Objects.requireNonNull(files, "files");
  }

  /**
   * The context for a new tap.
   *
   * @throws TapRequestException (503) when a file cannot be read or does not hold what it should,
   *     naming the file and the problem
   */
  synchronized SslContext context() {
    List<FileTime> stamps =
        List.of(
            stamp("mesh.tap.tls.cert-file", files.certFile()),
            stamp("mesh.tap.tls.key-file", files.keyFile()),
            stamp("mesh.tap.tls.trust-anchors-file", files.trustAnchorsFile()));
    if (loaded == null || !loaded.stamps().equals(stamps)) {
      loaded = new Loaded(stamps, build());
    }
    return loaded.context();
  }

  private SslContext build() {
    List<X509Certificate> chain = certificates("mesh.tap.tls.cert-file", files.certFile());
    PrivateKey key = privateKey(files.keyFile());
    List<X509Certificate> anchors =
        certificates("mesh.tap.tls.trust-anchors-file", files.trustAnchorsFile());
    try {
      return GrpcSslContexts.configure(
              SslContextBuilder.forClient()
                  .keyManager(key, chain.toArray(X509Certificate[]::new))
                  .trustManager(anchors.toArray(X509Certificate[]::new)))
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw TapRequestException.unavailable(
          "the controller's tap certificate cannot be used: " + e.getMessage(), e);
    }
  }

  private static FileTime stamp(String key, Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (NoSuchFileException e) {
      throw unreadable(key, file, "no such file", e);
    } catch (IOException e) {
      throw unreadable(key, file, e.getMessage(), e);
    }
  }

  private static List<X509Certificate> certificates(String key, Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(key, file, "CERTIFICATE")) {
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (GeneralSecurityException e) {
      throw unreadable(key, file, "holds a certificate that cannot be decoded", e);
    }
    if (certificates.isEmpty()) {
      throw unreadable(key, file, "holds no CERTIFICATE block", null);
    }
    return certificates;
  }

  private static PrivateKey privateKey(Path file) {
    String key = "mesh.tap.tls.key-file";
    List<byte[]> blocks = blocks(key, file, "PRIVATE KEY");
    if (blocks.size() != 1) {
      throw unreadable(
          key, file, "must hold exactly one PKCS#8 PRIVATE KEY block (an EC key)", null);
    }
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(blocks.get(0)));
    } catch (GeneralSecurityException e) {
      throw unreadable(key, file, "does not hold a PKCS#8 EC private key", e);
    }
  }

  private static List<byte[]> blocks(String key, Path file, String type) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw unreadable(key, file, e.getMessage(), e);
    }
    List<byte[]> blocks = new ArrayList<>();
    Matcher block = PEM.matcher(text);
    while (block.find()) {
      if (block.group(1).equals(type)) {
        try {
          blocks.add(Base64.getMimeDecoder().decode(block.group(2)));
        } catch (IllegalArgumentException e) {
          throw unreadable(key, file, "holds a " + type + " block that is not base64", e);
        }
      }
    }
    return blocks;
  }

  private static TapRequestException unreadable(
      String key, Path file, String problem, Throwable cause) {
    return TapRequestException.unavailable(
        "the controller cannot tap: " + key + " " + file + ": " + problem, cause);
  }

  private record Loaded(List<FileTime> stamps, SslContext context) {}
}
