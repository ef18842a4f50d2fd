package dev.meshctl.web.overview;

import java.time.Instant;

/**
 * The health of one control-plane component as its actuator reports it.
 *
 * @param name {@code controller} or {@code identity}
 * @param health {@code up}, {@code down}, or {@code unknown} when no actuator URL is configured
 * @param detail why, in words (the actuator's status, or why it could not be asked)
 * @param certificateExpiry when the identity issuer's certificate expires; null when unknown
 */
public record ComponentStatus(
    String name, String health, String detail, Instant certificateExpiry) {

  public boolean up() {
    return "up".equals(health);
  }
}
