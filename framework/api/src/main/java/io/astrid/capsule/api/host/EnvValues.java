package io.astrid.capsule.api.host;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A capsule's {@code [env]} values as resolved for one load, and the variables that have none.
 *
 * <p>{@link #toString()} names the variables only: the values may be secrets, and a record's
 * generated {@code toString} would put them into whatever logs it.
 *
 * @param values the value of each variable that has one, in declaration order
 * @param missing the declared variables with no stored value, no granted host variable and no
 *     default, in declaration order; the capsule cannot load while there are any
 */
public record EnvValues(Map<String, String> values, List<String> missing) {
  /** No variables. */
  public static final EnvValues NONE = new EnvValues(Map.of(), List.of());

  public EnvValues {
    requireNonNull(values, "values");
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    missing = List.copyOf(missing);
  }

  @Override
  public String toString() {
    return "EnvValues[values=" + values.keySet() + ", missing=" + missing + "]";
  }
}
