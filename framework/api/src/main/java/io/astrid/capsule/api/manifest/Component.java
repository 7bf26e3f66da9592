package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The {@code [component]} table: the capsule's code, a WebAssembly module or a JVM jar.
 *
 * @param entrypoint the {@code .wasm} file, or the {@code .jar} whose directory holds the
 *     capsule's JVM modules, relative to the capsule directory (required)
 * @param hash the expected digest of the entrypoint, {@code blake3:} or {@code sha256:}
 *     followed by 64 lowercase hex digits; verified before the module is loaded
 */
public record Component(String entrypoint, Optional<String> hash) {
  public Component {
    requireNonNull(entrypoint, "entrypoint");
    requireNonNull(hash, "hash");
  }

  /** Where JVM code is named: an entrypoint with this ending selects the JVM engine instead of the wasm one. */
  public static final String JAR_SUFFIX = ".jar";

  /** True when the entrypoint is a jar: the capsule is JVM code. */
  public boolean isJvm() {
    return entrypoint.endsWith(JAR_SUFFIX);
  }
}
