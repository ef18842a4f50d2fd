package dev.meshctl.injector;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.VersionInfo;
import org.junit.jupiter.api.Test;

class ClusterVersionTest {

  @Test
  void from129On_nativeSidecarsAreSupported() {
    assertThat(ClusterVersion.supportsNativeSidecars(version("1", "29"))).contains(true);
    assertThat(ClusterVersion.supportsNativeSidecars(version("1", "33"))).contains(true);
    assertThat(ClusterVersion.supportsNativeSidecars(version("2", "0"))).contains(true);
  }

  @Test
  void before129_theyAreNot() {
    assertThat(ClusterVersion.supportsNativeSidecars(version("1", "28"))).contains(false);
    assertThat(ClusterVersion.supportsNativeSidecars(version("1", "28+"))).contains(false);
  }

  @Test
  void managedClusterMinors_countByTheirNumber() {
    assertThat(ClusterVersion.supportsNativeSidecars(version("1", "30+"))).contains(true);
  }

  @Test
  void unreadableVersions_areUnknown() {
    assertThat(ClusterVersion.supportsNativeSidecars(null)).isEmpty();
    assertThat(ClusterVersion.supportsNativeSidecars(version("1", ""))).isEmpty();
    assertThat(ClusterVersion.supportsNativeSidecars(version("", "30"))).isEmpty();
    assertThat(ClusterVersion.supportsNativeSidecars(version("one", "x"))).isEmpty();
  }

  private static VersionInfo version(String major, String minor) {
    return new VersionInfo.Builder().withMajor(major).withMinor(minor).build();
  }
}
