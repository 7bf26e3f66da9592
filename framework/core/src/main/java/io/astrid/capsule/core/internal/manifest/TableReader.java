package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.internal.text.Suggestions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed access to one TOML table of a manifest. Every problem is recorded in the shared
 * {@link Problems} with the table's context (such as {@code [package]} or
 * {@code [[cron]] "sync-issues"}) and the value's position; accessors return empty values for
 * absent or mistyped keys so that reading goes on and all problems are found in one pass.
 */
final class TableReader {
  private final ManifestContext manifest;
  private final TomlTable table;
  private final TomlPosition header;
  private String context;

  TableReader(ManifestContext manifest, TomlTable table, String context, TomlPosition header) {
    this.manifest = manifest;
    this.table = table;
    this.context = context;
    this.header = header;
  }

  ManifestContext manifest() {
    return manifest;
  }

  TomlTable table() {
    return table;
  }

  String context() {
    return context;
  }

  /** Renames the context once an entry's name is known ({@code [[cron]] #2} to {@code [[cron]] "x"}). */
  void renameContext(String newContext) {
    this.context = newContext;
  }

  TomlPosition header() {
    return header;
  }

  boolean has(String key) {
    return table.contains(List.of(key));
  }

  /** Where the value of {@code key} starts, or the table header when the key is absent. */
  TomlPosition valuePosition(String key) {
    TomlPosition keyPosition = table.inputPositionOf(List.of(key));
    return keyPosition == null ? header : manifest.source().valueAfterKey(keyPosition);
  }

  /** Where the key itself starts, or the table header when it is absent. */
  TomlPosition keyPosition(String key) {
    TomlPosition keyPosition = table.inputPositionOf(List.of(key));
    return keyPosition == null ? header : keyPosition;
  }

  void error(String key, String message) {
    manifest.problems().error(valuePosition(key), context + ": " + message);
  }

  void errorAt(TomlPosition at, String message) {
    manifest.problems().error(at, context + ": " + message);
  }

  void warning(String key, String message) {
    manifest.problems().warning(valuePosition(key), context + ": " + message);
  }

  Optional<String> string(String key) {
    return typed(key, String.class, "a string");
  }

  /** The string, or empty after reporting it missing. Blank strings are reported as empty. */
  Optional<String> requiredString(String key) {
    if (!has(key)) {
      missing(key, "a string");
      return Optional.empty();
    }
    Optional<String> value = string(key);
    if (value.isPresent() && value.get().isBlank()) {
      error(key, key + " is empty, expected a non-empty string");
      return Optional.empty();
    }
    return value;
  }

  Optional<Boolean> bool(String key) {
    return typed(key, Boolean.class, "a boolean");
  }

  Optional<TomlTable> subTable(String key) {
    return typed(key, TomlTable.class, "a table");
  }

  /** An array of strings; elements of another type are reported at their own positions. */
  List<String> strings(String key) {
    Optional<TomlArray> array = typed(key, TomlArray.class, "an array of strings");
    if (array.isEmpty()) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    TomlArray elements = array.get();
    for (int i = 0; i < elements.size(); i++) {
      Object element = elements.get(i);
      if (element instanceof String s) {
        values.add(s);
      } else {
        errorAt(elements.inputPositionOf(i), key + "[" + i + "] has type " + TomlValues.typeName(element)
            + ", expected a string");
      }
    }
    return Collections.unmodifiableList(values);
  }

  /** A table whose values must all be strings, keys in file order. */
  Map<String, String> stringMap(String key) {
    Optional<TomlTable> sub = subTable(key);
    if (sub.isEmpty()) {
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String entry : sub.get().keySet()) {
      Object value = sub.get().get(List.of(entry));
      if (value instanceof String s) {
        values.put(entry, s);
      } else {
        TomlPosition at = manifest.source().valueAfterKey(sub.get().inputPositionOf(List.of(entry)));
        errorAt(at, key + "." + entry + " has type " + TomlValues.typeName(value) + ", expected a string");
      }
    }
    return Collections.unmodifiableMap(values);
  }

  void missing(String key, String expected) {
    manifest.problems().error(header, context + ": missing required key \"" + key + "\", expected " + expected);
  }

  /** Warns about every key of this table that is not in {@code known}, with a suggestion. */
  void warnUnknownKeys(Set<String> known) {
    for (String key : table.keySet()) {
      if (!known.contains(key)) {
        manifest.problems().warning(keyPosition(key), context + ": unknown key \"" + key + "\""
            + Suggestions.didYouMean(key, known));
      }
    }
  }

  private <T> Optional<T> typed(String key, Class<T> type, String expected) {
    Object value = table.get(List.of(key));
    if (value == null) {
      return Optional.empty();
    }
    if (!type.isInstance(value)) {
      error(key, key + " has type " + TomlValues.typeName(value) + ", expected " + expected);
      return Optional.empty();
    }
    return Optional.of(type.cast(value));
  }
}
