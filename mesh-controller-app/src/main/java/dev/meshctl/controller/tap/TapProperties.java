package dev.meshctl.controller.tap;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The tap client's configuration, under {@code mesh.tap} ({@code MESH_TAP_*}).
 *
 * @param maxRps the most requests per second one tap passes, over all its pods; also the default of
 *     the {@code maxRps} parameter
 * @param bufferEvents events kept per pod while the HTTP client is not reading; newer ones are
 *     dropped and counted ({@code tap_events_dropped_total})
 * @param connectTimeout how long connecting to a proxy's tap server may take
 * @param limitGrace once {@code limit} requests were passed, how long the tap waits for their
 *     responses to end before it ends anyway
 * @param tls the controller's client certificate; without it, taps are plaintext
 */
@ConfigurationProperties("mesh.tap")
@Validated
record TapProperties(
    @DefaultValue("100") @Positive double maxRps,
    @DefaultValue("1000") @Min(1) @Max(1_000_000) int bufferEvents,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("5s") Duration limitGrace,
    @DefaultValue Tls tls) {

  /**
   * PEM files: the controller's certificate chain, its EC key (PKCS#8) and the mesh's trust
   * anchors. All three or none.
   */
  record Tls(Path certFile, Path keyFile, Path trustAnchorsFile) {

    Tls {
      long set = Stream.of(certFile, keyFile, trustAnchorsFile).filter(f -> f != null).count();
      if (set != 0 && set != 3) {
        throw new IllegalArgumentException(
            "mesh.tap.tls: set cert-file, key-file and trust-anchors-file together, or none of"
                + " them for plaintext taps");
      }
    }

    Optional<TapTlsFiles> files() {
      return certFile == null
          ? Optional.empty()
          : Optional.of(new TapTlsFiles(certFile, keyFile, trustAnchorsFile));
    }
  }
}
