package io.astrid.capsule.core.internal.manifest;

/** The one rule for every file a manifest names: it exists inside the capsule directory. */
final class ReferencedFiles {
  private ReferencedFiles() {}

  /** True when the file named by {@code key} is acceptable; otherwise reports why. */
  static boolean check(TableReader t, String key, String written) {
    return t.manifest().paths().problemWithFile(written)
        .map(problem -> {
          t.error(key, key + " \"" + written + "\" " + problem);
          return false;
        })
        .orElse(true);
  }
}
