package io.astrid.capsule.api.host;

import static java.util.Objects.requireNonNull;

/**
 * One value stored for a capsule's {@code [env.NAME]} variable, as it may be shown: a secret's value
 * is never part of it.
 *
 * @param name the variable's name
 * @param source where the value comes from
 * @param shown for {@link Source#VALUE} the value, for {@link Source#HOST} the host variable's name,
 *     for {@link Source#SECRET} empty
 */
public record EnvEntry(String name, Source source, String shown) {
  /** Where a stored value comes from. */
  public enum Source {
    /** A value stored in clear. */
    VALUE,
    /** A value stored encrypted; it is never shown. */
    SECRET,
    /** A grant: the value is read from the named host variable each time the capsule loads. */
    HOST
  }

  public EnvEntry {
    requireNonNull(name, "name");
    requireNonNull(source, "source");
    requireNonNull(shown, "shown");
    if (source == Source.SECRET && !shown.isEmpty()) {
      throw new IllegalArgumentException("a secret entry shows nothing: " + name);
    }
  }
}
