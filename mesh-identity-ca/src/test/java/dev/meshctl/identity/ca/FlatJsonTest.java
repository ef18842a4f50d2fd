package dev.meshctl.identity.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {

  @Test
  void readsWhatItWrites_escapesIncluded() {
    Map<String, Object> entries = new LinkedHashMap<>();
    entries.put("identity", "a\"b\\c\n");
    entries.put("exp", 1700000000L);
    entries.put("neg", -5L);

    String json = FlatJson.write(entries);

    assertThat(json)
        .isEqualTo("{\"identity\":\"a\\\"b\\\\c\\u000a\",\"exp\":1700000000,\"neg\":-5}");
    assertThat(FlatJson.parse(json)).isEqualTo(entries);
    assertThat(FlatJson.parse(" { \"a\" : \"\\u0041\\/\" , \"b\":1 } ")).containsEntry("a", "A/");
  }

  @Test
  void rejectsAnythingButAFlatObject() {
    for (String bad :
        new String[] {
          "",
          "[]",
          "{",
          "{\"a\":1",
          "{\"a\":1,}",
          "{\"a\":{}}",
          "{\"a\":1.5}",
          "{\"a\":true}",
          "{\"a\":1}x",
          "{\"a\":1,\"a\":2}",
          "{a:1}",
          "{\"a\":\"\\x\"}",
          "{\"a\":\"\\u12\"}"
        }) {
      assertThatThrownBy(() -> FlatJson.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("not a flat JSON object");
    }
  }
}
