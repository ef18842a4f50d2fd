package dev.meshctl.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Writes the RFC 6902 JSON Patch of an injection as explicit {@code add} operations, in the order
 * they must be applied. An array or map the pod does not have yet (absent, or empty, which the
 * Kubernetes JSON leaves out) is added whole; otherwise each element or entry is added on its own,
 * so that the patch never replaces what the pod already has.
 */
final class JsonPatchBuilder {

  private final ObjectMapper json;
  private final ArrayNode operations;

  JsonPatchBuilder(ObjectMapper json) {
    this.json = json;
    this.operations = json.createArrayNode();
  }

  /**
   * Inserts {@code items} into the array at {@code path}, whose current content is {@code
   * existing}: at {@code index}, or at the end when {@code index} is negative.
   */
  JsonPatchBuilder insert(String path, List<?> existing, int index, List<?> items) {
    if (items.isEmpty()) {
      return this;
    }
    if (existing == null || existing.isEmpty()) {
      return add(path, json.valueToTree(items));
    }
    for (int i = 0; i < items.size(); i++) {
      String position = index < 0 ? "-" : Integer.toString(index + i);
      add(path + "/" + position, json.valueToTree(items.get(i)));
    }
    return this;
  }

  /** Sets {@code entries} in the map at {@code path}, whose current content is {@code existing}. */
  JsonPatchBuilder put(String path, Map<String, String> existing, Map<String, String> entries) {
    if (entries.isEmpty()) {
      return this;
    }
    if (existing == null || existing.isEmpty()) {
      return add(path, json.valueToTree(entries));
    }
    // RFC 6902 section 4.1: "add" on an existing object member replaces its value.
    entries.forEach(
        (key, value) -> add(path + "/" + escape(key), json.getNodeFactory().textNode(value)));
    return this;
  }

  ArrayNode build() {
    return operations.deepCopy();
  }

  private JsonPatchBuilder add(String path, JsonNode value) {
    ObjectNode operation = operations.addObject();
    operation.put("op", "add");
    operation.put("path", path);
    operation.set("value", value);
    return this;
  }

  /**
   * A JSON Pointer reference token (RFC 6901 section 3): {@code ~} as {@code ~0}, {@code /} as
   * {@code ~1}.
   */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
