package io.astrid.capsule.distribution;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The test capsules of framework/testing ({@link io.astrid.capsule.testing.TestCapsules}, shared with itests/) under
 * the name this package's end-to-end tests call them by; the builders themselves are written there once.
 */
final class TestCapsules {
  private TestCapsules() {}

  /** The manifest of a capsule {@code everything} of the reference MCP server "everything". */
  static String everythingManifest() {
    return io.astrid.capsule.testing.TestCapsules.everythingManifest();
  }

  /** A capsule of engine-wasm's test plugin {@code host-functions.wasm} in {@code directory}. */
  static Path hostFunctions(Path directory, String id, String capabilities) throws IOException {
    return io.astrid.capsule.testing.TestCapsules.hostFunctions(directory, id, capabilities);
  }

  /** A capsule of engine-wasm's test plugin {@code hooks.wasm} in {@code directory}. */
  static Path hooks(Path directory, String id, String sections) throws IOException {
    return io.astrid.capsule.testing.TestCapsules.hooks(directory, id, sections);
  }

  /** A capsule of engine-wasm's {@code as-pdk-probe.wasm} (the AssemblyScript PDK) in {@code directory}. */
  static Path extismPdk(Path directory, String id, String sections) throws IOException {
    return io.astrid.capsule.testing.TestCapsules.extismPdk(directory, id, sections);
  }
}
