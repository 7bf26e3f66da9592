package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds capsule directories for tests: a manifest and the files it references. */
final class CapsuleFixtures {
  /** The smallest valid WebAssembly module: magic and version, no sections. */
  static final byte[] EMPTY_WASM_MODULE = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

  private CapsuleFixtures() {}

  static String resource(String name) {
    try (InputStream in = CapsuleFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("test resource [" + name + "] absent");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code manifest} as {@code dir/Capsule.toml} and returns its path. */
  static Path writeManifest(Path dir, String manifest) {
    return write(dir, CapsuleManifest.FILE_NAME, manifest);
  }

  static Path write(Path dir, String relative, String content) {
    return write(dir, relative, content.getBytes(StandardCharsets.UTF_8));
  }

  static Path writeWasm(Path dir, String relative) {
    return write(dir, relative, EMPTY_WASM_MODULE);
  }

  private static Path write(Path dir, String relative, byte[] content) {
    try {
      Path file = dir.resolve(relative);
      Files.createDirectories(file.getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
