package dev.meshctl.charts;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sets nested chart values by dotted path, as {@code --set} does. */
final class Values {

  private Values() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> set(Map<String, Object> values, String path, Object value) {
    String[] keys = path.split("\\.");
    Map<String, Object> map = values;
    for (int i = 0; i < keys.length - 1; i++) {
      Object next = map.get(keys[i]);
      if (!(next instanceof Map<?, ?>)) {
        next = new LinkedHashMap<String, Object>();
        map.put(keys[i], next);
      }
      map = (Map<String, Object>) next;
    }
    map.put(keys[keys.length - 1], value);
    return values;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> remove(Map<String, Object> values, String path) {
    String[] keys = path.split("\\.");
    Map<String, Object> map = values;
    for (int i = 0; i < keys.length - 1; i++) {
      map = (Map<String, Object>) map.get(keys[i]);
    }
    map.remove(keys[keys.length - 1]);
    return values;
  }
}
