package io.astrid.capsule.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Capsules the tests write into a directory: the end-to-end tests of distribution/ (for {@code bin/capsule}) and the
 * Pax Exam tests of itests/ (docked in the container) share them. The fixtures come from the build's system
 * properties: {@code wasm.test.plugins} (engine-wasm's {@code src/test}, its plugins built from committed sources)
 * and {@code mcp.test.servers} (engine-mcp's npm test servers).
 */
public final class TestCapsules {
  private static final String MANIFEST = "Capsule.toml";

  private TestCapsules() {}

  /** A file of engine-wasm's test fixtures, such as {@code plugins/hostile.wasm}. */
  public static Path wasmFixture(String relative) {
    return Path.of(System.getProperty("wasm.test.plugins")).resolve(relative);
  }

  /**
   * The manifest of a capsule {@code everything} whose one MCP server is the reference server "everything"
   * from the test servers' npm packages, run over stdio by node (declared in host_process).
   */
  public static String everythingManifest() {
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
  public static Path hostFunctions(Path directory, String id, String capabilities) throws IOException {
    return wasmCapsule(directory, wasmFixture("plugins/host-functions.wasm"), id, "[capabilities]\n" + capabilities);
  }

  /**
   * Writes a capsule of engine-wasm's test plugin {@code hooks.wasm} (issue 18: it journals every hook it
   * gets, export {@code journal}) into {@code directory}.
   *
   * @param sections the rest of its manifest: {@code [capabilities]}, {@code [[interceptor]]}s, tools, commands
   */
  public static Path hooks(Path directory, String id, String sections) throws IOException {
    return wasmCapsule(directory, wasmFixture("plugins/hooks.wasm"), id, sections);
  }

  /**
   * Writes a capsule of engine-wasm's {@code as-pdk-probe.wasm}, a plain Extism plugin written with the
   * official AssemblyScript PDK (exports {@code greet}, {@code fetch}, {@code log_levels}...), into
   * {@code directory}.
   */
  public static Path extismPdk(Path directory, String id, String sections) throws IOException {
    return wasmCapsule(directory, wasmFixture("pdk/as-pdk-probe.wasm"), id, sections);
  }

  /**
   * The {@code [[interceptor]]} tables of a manifest, one per entry in the order given, each after an empty line.
   *
   * @param interceptors each an event, such as {@code AfterToolCall}, or an event and its action, such as
   *     {@code BeforeToolCall:guard}
   */
  public static String interceptors(String... interceptors) {
    StringBuilder tables = new StringBuilder();
    for (String interceptor : interceptors) {
      String[] eventAction = interceptor.split(":", 2);
      tables.append("\n[[interceptor]]\nevent = \"").append(eventAction[0]).append("\"\n");
      if (eventAction.length == 2) {
        tables.append("action = \"").append(eventAction[1]).append("\"\n");
      }
    }
    return tables.toString();
  }

  /**
   * Writes a capsule {@code id} of the wasm file {@code plugin} into {@code directory}, its manifest ending in
   * {@code sections}.
   */
  public static Path wasmCapsule(Path directory, Path plugin, String id, String sections) throws IOException {
    Files.createDirectories(directory);
    String entrypoint = plugin.getFileName().toString();
    Files.copy(plugin, directory.resolve(entrypoint));
    return componentManifest(directory, id, entrypoint, sections);
  }

  /**
   * Writes the manifest of a capsule {@code id} whose component is the file {@code entrypoint} (relative to
   * {@code directory}) into {@code directory}, ending in {@code sections}.
   */
  public static Path componentManifest(Path directory, String id, String entrypoint, String sections)
      throws IOException {
    Files.writeString(directory.resolve(MANIFEST), """
        [package]
        name = "%s"
        version = "1.0.0"

        [component]
        entrypoint = "%s"

        %s
        """.formatted(id, entrypoint, sections));
    return directory;
  }
}
