package dev.meshctl.injection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SettingChecksTest {

  @Test
  void portsAndRanges_areAccepted() {
    assertThat(SettingChecks.portListProblem("")).isEmpty();
    assertThat(SettingChecks.portListProblem("1")).isEmpty();
    assertThat(SettingChecks.portListProblem("25, 8000-8010 ,65535")).isEmpty();
    assertThat(SettingChecks.portListProblem("8080-8080")).isEmpty();
  }

  @Test
  void badPortLists_sayWhatIsWrong() {
    assertThat(SettingChecks.portListProblem("0")).contains("has the port 0, outside 1-65535");
    assertThat(SettingChecks.portListProblem("65536"))
        .contains("has the port 65536, outside 1-65535");
    assertThat(SettingChecks.portListProblem("80,http"))
        .contains("has \"http\", which is not a port number or range");
    assertThat(SettingChecks.portListProblem("9000-8000"))
        .contains("has the range 9000-8000 whose start is after its end");
    assertThat(SettingChecks.portListProblem("80,,81")).contains("has an empty item in \"80,,81\"");
    assertThat(SettingChecks.portListProblem("1-2-3"))
        .contains("has \"2-3\", which is not a port number or range");
    assertThat(SettingChecks.portListProblem("-5"))
        .contains("has \"\", which is not a port number or range");
  }

  @Test
  void portList_isNormalized() {
    assertThat(SettingChecks.normalizePortList(" 25, 8000-8010 ")).isEqualTo("25,8000-8010");
    assertThat(SettingChecks.normalizePortList(" ")).isEmpty();
  }

  @Test
  void quantities() {
    assertThat(SettingChecks.quantityProblem("100m")).isEmpty();
    assertThat(SettingChecks.quantityProblem("0.5")).isEmpty();
    assertThat(SettingChecks.quantityProblem("128Mi")).isEmpty();
    assertThat(SettingChecks.quantityProblem("1e3")).isEmpty();
    assertThat(SettingChecks.quantityProblem("12 Mi")).isPresent();
    assertThat(SettingChecks.quantityProblem("-1")).isPresent();
    assertThat(SettingChecks.quantityProblem("Mi")).isPresent();
  }
}
