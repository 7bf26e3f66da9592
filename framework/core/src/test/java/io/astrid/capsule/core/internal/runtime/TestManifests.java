package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.core.internal.manifest.ManifestParser;
import io.astrid.capsule.core.internal.manifest.TomlManifestReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real manifests for runtime tests, parsed and validated like any other. */
final class TestManifests {
  private static final TomlManifestReader READER = new TomlManifestReader(new ManifestParser("0.1.0"));

  private TestManifests() {}

  /** A capsule needing only the static engine. */
  static CapsuleManifest staticOnly(Path dir, String name, String version) {
    return write(dir, "[package]\nname = \"" + name + "\"\nversion = \"" + version + "\"\n");
  }

  /** A capsule needing static, wasm and mcp (two servers, "a" and "b"). */
  static CapsuleManifest allKinds(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve("guest.wasm"), new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return write(dir, """
        [package]
        name = "%s"
        version = "1.0.0"

        [component]
        entrypoint = "guest.wasm"

        [capabilities]
        host_process = ["node"]

        [[mcp_server]]
        id = "a"
        command = "node"

        [[mcp_server]]
        id = "b"
        command = "node"
        """.formatted(name));
  }

  static CapsuleManifest write(Path dir, String toml) {
    try {
      Files.createDirectories(dir);
      return READER.read(dir.resolve("Capsule.toml"), toml).orThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
