package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The {@code [component]} table: the capsule's WebAssembly module.
 *
 * @param entrypoint the {@code .wasm} file, relative to the capsule directory (required)
 * @param hash the expected digest of the entrypoint, {@code blake3:} or {@code sha256:}
 *     followed by 64 lowercase hex digits; verified before the module is loaded
 */
public record Component(String entrypoint, Optional<String> hash) {
  public Component {
    requireNonNull(entrypoint, "entrypoint");
    requireNonNull(hash, "hash");
  }
}
