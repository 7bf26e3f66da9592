package io.astrid.capsule.distribution;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.astrid.capsule.testing.TestCapsules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A WebAssembly capsule for tests: the engine-wasm kernel probe (built from its committed WAT)
 * with one tool, {@code capsule:probe:lookup}, that answers with its own request.
 */
final class ProbeCapsule {
  private ProbeCapsule() {}

  /** Writes the capsule into {@code dir}; returns its manifest. */
  static Path writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    String wat = Files.readString(TestCapsules.wasmFixture("wat/kernel-probe.wat"));
    Files.write(dir.resolve("probe.wasm"), Wat2Wasm.parse(wat));
    return Files.writeString(dir.resolve("Capsule.toml"), """
        [package]
        name = "probe"
        version = "1.0.0"

        [component]
        entrypoint = "probe.wasm"

        [[tool]]
        name = "lookup"
        description = "Looks something up"
        input_schema = { type = "object", properties = { q = { type = "string" } }, required = ["q"] }
        """);
  }
}
