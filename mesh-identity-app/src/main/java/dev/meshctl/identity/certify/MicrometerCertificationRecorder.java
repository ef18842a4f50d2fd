package dev.meshctl.identity.certify;

import dev.meshctl.identity.ca.Issuer;
import dev.meshctl.identity.ca.RefusalReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The identity service's metrics, as Prometheus shows them:
 *
 * <ul>
 *   <li>{@code identity_certificates_issued_total}
 *   <li>{@code identity_certificates_refused_total{reason="name_mismatch"}}, one series per {@link
 *       RefusalReason}, all present from the start at 0
 *   <li>{@code identity_issuer_expiration_timestamp_seconds}: when the issuer certificate expires
 * </ul>
 */
public final class MicrometerCertificationRecorder implements CertificationRecorder {

  private final Counter issued;
  private final Map<RefusalReason, Counter> refused = new EnumMap<>(RefusalReason.class);

  public MicrometerCertificationRecorder(MeterRegistry registry, Issuer issuer) {
    issued =
        Counter.builder("identity.certificates.issued")
            .description("Leaf certificates signed")
            .register(registry);
    for (RefusalReason reason : RefusalReason.values()) {
      refused.put(
          reason,
          Counter.builder("identity.certificates.refused")
              .description("Certification requests refused, by reason")
              .tag("reason", reason.label())
              .register(registry));
    }
    Gauge.builder("identity.issuer.expiration.timestamp", issuer, i -> i.expiry().getEpochSecond())
        .description("When the issuer certificate expires (Unix time)")
        .baseUnit("seconds")
        .register(registry);
  }

  @Override
  public void issued() {
    issued.increment();
  }

  @Override
  public void refused(RefusalReason reason) {
    refused.get(reason).increment();
  }
}
