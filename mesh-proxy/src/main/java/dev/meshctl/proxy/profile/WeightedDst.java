package dev.meshctl.proxy.profile;

import dev.meshctl.proxy.discovery.Authority;
import java.util.Objects;

/**
 * One backend of a traffic split (a Linkerd ServiceProfile's {@code dstOverrides} entry, or an
 * HTTPRoute's weighted backendRef): the authority whose endpoints take this share of the logical
 * destination's requests.
 *
 * @param weight relative share; 0 takes no traffic (a backend kept in the list but switched off)
 */
public record WeightedDst(Authority authority, int weight) {

  public WeightedDst {
    Objects.requireNonNull(authority, "authority");
    if (weight < 0) {
      throw new IllegalArgumentException("weight " + weight + " is negative");
    }
  }
}
