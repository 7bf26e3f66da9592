package io.astrid.capsule.core.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.manifest.ManifestReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: an {@code [[llm_provider]]} is answered by the capsule's plugin; one without a component is warned of. */
class Issue18LlmProviderManifestTest {
  private final TomlManifestReader reader = new TomlManifestReader(new ManifestParser("0.1.0"));

  @TempDir
  Path dir;

  @Test
  void aProviderWithoutAComponentGetsAWarningNamingIt() {
    ManifestReport report = reader.read(CapsuleFixtures.writeManifest(dir, """
        [package]
        name = "demo"
        version = "1.0.0"

        [[llm_provider]]
        id = "llama3.2"
        """));
    assertEquals(List.of("5:1: warning: [[llm_provider]] \"llama3.2\": is run by the capsule's WebAssembly"
        + " component, but the manifest has no [component]"),
        report.diagnostics().stream().map(d -> d.toString().substring(d.file().toString().length() + 1)).toList());
  }

  @Test
  void aProviderWithAComponentIsValidWithoutAWord() {
    CapsuleFixtures.writeWasm(dir, "llm.wasm");
    ManifestReport report = reader.read(CapsuleFixtures.writeManifest(dir, """
        [package]
        name = "demo"
        version = "1.0.0"

        [component]
        entrypoint = "llm.wasm"

        [[llm_provider]]
        id = "llama3.2"
        capabilities = ["text"]
        """));
    assertEquals(List.of(), report.diagnostics());
  }
}
