package io.astrid.capsule.api.discovery;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Two capsule directories declaring the same {@code [package] name}; the first in search order
 * is used, the other ignored.
 *
 * @param name the shared name
 * @param winner the directory that is used
 * @param shadowed the directory that is ignored
 */
public record DuplicateCapsule(String name, Path winner, Path shadowed) {
  public DuplicateCapsule {
    requireNonNull(name, "name");
    requireNonNull(winner, "winner");
    requireNonNull(shadowed, "shadowed");
  }

  @Override
  public String toString() {
    return "duplicate capsule [" + name + "]: " + shadowed + " is shadowed by " + winner;
  }
}
