package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Capsules the end-to-end tests write and dock in a running framework. */
final class TestCapsules {
  private TestCapsules() {}

  /**
   * The manifest of a capsule {@code everything} whose one MCP server is the reference server "everything"
   * from the test servers' npm packages, run over stdio by node (declared in host_process).
   */
  static String everythingManifest() {
    Path server = Path.of(System.getProperty("mcp.test.servers"))
        .resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    return """
        [package]
        name = "everything"
        version = "1.0.0"

        [capabilities]
        host_process = ["node"]

        [[mcp_server]]
        id = "everything"
        command = "node"
        args = ["%s", "stdio"]
        """.formatted(server);
  }

  /**
   * Writes a capsule of engine-wasm's test plugin {@code host-functions.wasm} (one export per host
   * function: {@code http}, {@code kv_get}, {@code kv_set}...) into {@code directory}.
   *
   * @param capabilities the lines of its {@code [capabilities]} table, such as {@code kv = ["cache"]}
   */
  static Path hostFunctions(Path directory, String id, String capabilities) throws IOException {
    return wasmCapsule(directory, plugin("host-functions.wasm"), id, "[capabilities]\n" + capabilities);
  }

  /** Installs the capsule in {@code directory} and asserts that it becomes READY within {@code timeout}. */
  static void installReady(EmbeddedFramework framework, Path directory, String id, Duration timeout) {
    CapsuleRegistry registry = framework.service(CapsuleRegistry.class, timeout);
    CapsuleManifest manifest = framework.service(ManifestReader.class, timeout)
        .read(directory.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    registry.install(manifest, directory);
    assertEquals(CapsuleState.READY, registry.awaitSettled(id, timeout).state(),
        registry.capsule(id).orElseThrow().status().toString());
  }

  /**
   * Writes a capsule of engine-wasm's test plugin {@code hooks.wasm} (issue 18: it journals every hook it
   * gets, export {@code journal}) into {@code directory}.
   *
   * @param sections the rest of its manifest: {@code [capabilities]}, {@code [[interceptor]]}s, tools, commands
   */
  static Path hooks(Path directory, String id, String sections) throws IOException {
    return wasmCapsule(directory, plugin("hooks.wasm"), id, sections);
  }

  /**
   * Writes a capsule of engine-wasm's {@code as-pdk-probe.wasm}, a plain Extism plugin written with the
   * official AssemblyScript PDK (exports {@code greet}, {@code fetch}, {@code log_levels}...), into
   * {@code directory}.
   */
  static Path extismPdk(Path directory, String id, String sections) throws IOException {
    return wasmCapsule(directory, ProbeCapsule.PLUGINS.resolve("pdk/as-pdk-probe.wasm"), id, sections);
  }

  private static Path plugin(String name) {
    return ProbeCapsule.PLUGINS.resolve("plugins").resolve(name);
  }

  /** A capsule {@code id} of the wasm file {@code plugin}, its manifest ending in {@code sections}. */
  private static Path wasmCapsule(Path directory, Path plugin, String id, String sections) throws IOException {
    Files.createDirectories(directory);
    String entrypoint = plugin.getFileName().toString();
    Files.copy(plugin, directory.resolve(entrypoint));
    Files.writeString(directory.resolve(CapsuleManifest.FILE_NAME), """
        [package]
        name = "%s"
        version = "1.0.0"

        [component]
        entrypoint = "%s"

        %s
        """.formatted(id, entrypoint, sections));
    return directory;
  }

  /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
  static void awaitTrue(BooleanSupplier condition, Duration timeout, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what.get());
      }
      Thread.sleep(10);
    }
  }
}
