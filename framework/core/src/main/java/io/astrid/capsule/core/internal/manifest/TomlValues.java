package io.astrid.capsule.core.internal.manifest;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** Names and plain-Java copies of TOML values. */
final class TomlValues {
  private TomlValues() {}

  /** The TOML type name of a value as tomlj returns it, for "has type X" messages. */
  static String typeName(Object value) {
    return switch (value) {
      case String s -> "string";
      case Long l -> "integer";
      case Double d -> "float";
      case Boolean b -> "boolean";
      case TomlArray a -> "array";
      case TomlTable t -> "table";
      case OffsetDateTime t -> "offset date-time";
      case LocalDateTime t -> "local date-time";
      case LocalDate d -> "local date";
      case LocalTime t -> "local time";
      default -> value.getClass().getSimpleName();
    };
  }

  /** A deeply unmodifiable copy of a table, keys in file order, with plain Java values. */
  static Map<String, Object> plainMap(TomlTable table) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (String key : table.keySet()) {
      copy.put(key, plain(table.get(List.of(key))));
    }
    return Collections.unmodifiableMap(copy);
  }

  static List<Object> plainList(TomlArray array) {
    List<Object> copy = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      copy.add(plain(array.get(i)));
    }
    return Collections.unmodifiableList(copy);
  }

  private static Object plain(Object value) {
    return switch (value) {
      case TomlTable t -> plainMap(t);
      case TomlArray a -> plainList(a);
      default -> value;
    };
  }
}
