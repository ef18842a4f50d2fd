package dev.meshctl.controller.discovery;

import com.google.protobuf.Duration;
import dev.meshctl.api.destination.RetryBudget;

/** What a destination gets when nothing says otherwise, Linkerd's defaults. */
public final class DestinationDefaults {

  /** The weight of every endpoint: all equal, Linkerd's number. */
  public static final int ENDPOINT_WEIGHT = 10_000;

  private static final RetryBudget RETRY_BUDGET =
      RetryBudget.newBuilder()
          .setRetryRatio(0.2f)
          .setMinRetriesPerSecond(10)
          .setTtl(Duration.newBuilder().setSeconds(10))
          .build();

  private DestinationDefaults() {}

  /** 20% of requests, at least 10 a second, each counting for 10 s. */
  public static RetryBudget retryBudget() {
    return RETRY_BUDGET;
  }
}
