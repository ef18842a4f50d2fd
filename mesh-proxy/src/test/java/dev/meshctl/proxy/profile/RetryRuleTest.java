package dev.meshctl.proxy.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryRuleTest {

  @Test
  void byDefault_onlyIdempotentMethodsAreCovered() {
    for (String method : new String[] {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"}) {
      assertThat(RetryRule.DEFAULT.coversMethod(method)).as(method).isTrue();
    }
    for (String method : new String[] {"POST", "PATCH", "CONNECT", "get"}) {
      assertThat(RetryRule.DEFAULT.coversMethod(method)).as(method).isFalse();
    }
  }

  @Test
  void nonIdempotentMethods_coversEveryMethod() {
    RetryRule rule = new RetryRule(true, Set.of());

    assertThat(rule.coversMethod("POST")).isTrue();
    assertThat(rule.coversMethod("PATCH")).isTrue();
  }

  @Test
  void grpcStatuses_areReadByNameInEitherCase_withDashes_orByNumber() {
    assertThat(RetryRule.grpcStatus("UNAVAILABLE")).isEqualTo(14);
    assertThat(RetryRule.grpcStatus("unavailable")).isEqualTo(14);
    assertThat(RetryRule.grpcStatus("resource-exhausted")).isEqualTo(8);
    assertThat(RetryRule.grpcStatus(" 4 ")).isEqualTo(4);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetryRule.grpcStatus("SOMETIMES"))
        .withMessageContaining("UNAVAILABLE");
  }

  @Test
  void okIsNotAStatusToRetryOn() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryRule(false, Set.of(0)))
        .withMessageContaining("not a gRPC error status");
  }

  @Test
  void retriesOnlyTheListedStatuses() {
    RetryRule rule = new RetryRule(false, Set.of(14));

    assertThat(rule.retriesGrpcStatus(14)).isTrue();
    assertThat(rule.retriesGrpcStatus(10)).isFalse();
  }
}
