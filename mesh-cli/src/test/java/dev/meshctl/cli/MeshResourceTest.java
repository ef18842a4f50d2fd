package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeshResourceTest {

  @ParameterizedTest
  @CsvSource({
    "deploy/web, deployment/web",
    "deployment/web, deployment/web",
    "Deployments/web, deployment/web",
    "ns, namespace",
    "namespaces/demo, namespace/demo",
    "sts/db, statefulset/db",
    "statefulsets, statefulset",
    "ds, daemonset",
    "daemonset/agent, daemonset/agent",
    "po/web-5f7c9-abcde, pod/web-5f7c9-abcde",
    "pods, pod",
    "au/books.demo.svc.cluster.local:8080, authority/books.demo.svc.cluster.local:8080",
    "authorities, authority"
  })
  void acceptsSingularPluralAndShortNames(String typed, String sent) {
    assertThat(MeshResource.parse(typed).queryValue()).isEqualTo(sent);
  }

  @Test
  void onlyTheFirstSlashSeparates() {
    MeshResource resource = MeshResource.parse("au/a/b");

    assertThat(resource.type()).isEqualTo(ResourceKind.AUTHORITY);
    assertThat(resource.name()).isEqualTo("a/b");
  }

  @Test
  void unknownTypes_andEmptyNames_areUsageErrors() {
    assertThatThrownBy(() -> MeshResource.parse("svc/web"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("unknown resource type \"svc\"")
        .hasMessageContaining("deployment (deploy)");
    assertThatThrownBy(() -> MeshResource.parse("deploy/ "))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no name");
    assertThatThrownBy(() -> MeshResource.parse("")).isInstanceOf(UsageException.class);
  }
}
