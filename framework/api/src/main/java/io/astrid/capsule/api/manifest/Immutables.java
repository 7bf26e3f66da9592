package io.astrid.capsule.api.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Defensive copies for the records' compact constructors; maps keep their declaration order. */
final class Immutables {
  private Immutables() {}

  static <T> List<T> list(List<T> values, String what) {
    return List.copyOf(Objects.requireNonNull(values, what));
  }

  static <K, V> Map<K, V> orderedMap(Map<K, V> values, String what) {
    Objects.requireNonNull(values, what);
    return Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
