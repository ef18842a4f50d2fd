package dev.meshctl.controller.metrics;

import dev.meshctl.controller.discovery.PodRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * The pod whose proxy a series came from, as the source knew it: the scraper from discovery at the
 * time of the scrape, Prometheus from the series' {@code namespace}, {@code pod} and workload
 * labels. A pod that has since gone keeps being attributed to its workload this way.
 *
 * @param workload the owner ({@code deployment/web}); empty when not known
 */
public record PodRef(String namespace, String name, Optional<PodRecord.Workload> workload) {

  public PodRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workload, "workload");
  }
}
