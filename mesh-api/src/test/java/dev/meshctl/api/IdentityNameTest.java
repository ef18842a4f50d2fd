package dev.meshctl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentityNameTest {

  @Test
  void formatsBothSanForms() {
    var id = new IdentityName("books", "demo", "mesh-system", "cluster.local");

    assertThat(id.dnsName())
        .isEqualTo("books.demo.serviceaccount.identity.mesh-system.cluster.local");
    assertThat(id.spiffeUri()).isEqualTo("spiffe://cluster.local/ns/demo/sa/books");
  }

  @Test
  void parsesWhatItFormats() {
    var id = new IdentityName("web-front", "shop", "mesh", "example.org");

    assertThat(IdentityName.parseDnsName(id.dnsName())).isEqualTo(id);
  }

  @Test
  void rejectsNamesOfAnotherShape_sayingWhichShapeIsExpected() {
    assertThatThrownBy(() -> IdentityName.parseDnsName("books.demo.svc.cluster.local"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<sa>.<ns>.serviceaccount.identity");
    assertThatThrownBy(
            () -> IdentityName.parseDnsName("a.b.c.serviceaccount.identity.mesh.cluster.local"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsLabelsKubernetesWouldNotAllow() {
    assertThatThrownBy(() -> new IdentityName("Books", "demo", "mesh", "cluster.local"))
        .hasMessageContaining("service account 'Books'");
    assertThatThrownBy(() -> new IdentityName("books", "demo", "mesh", "Cluster.Local"))
        .hasMessageContaining("trust domain");
  }

  @Test
  void knowsWhichMeshItBelongsTo() {
    var id = IdentityName.parseDnsName("books.demo.serviceaccount.identity.mesh.cluster.local");

    assertThat(id.isOfMesh("mesh", "cluster.local")).isTrue();
    assertThat(id.isOfMesh("linkerd", "cluster.local")).isFalse();
    assertThat(id.isOfMesh("mesh", "example.org")).isFalse();
  }

  @Test
  void checksTheMeshNamesAlone() {
    IdentityName.requireMesh("meshctl-system", "cluster.local");

    assertThatThrownBy(() -> IdentityName.requireMesh("meshctl_system", "cluster.local"))
        .hasMessageContaining("control-plane namespace 'meshctl_system'");
    assertThatThrownBy(() -> IdentityName.requireMesh("meshctl-system", "cluster.local."))
        .hasMessageContaining("trust domain 'cluster.local.'");
  }
}
