package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: a first npx download is announced ("fetching npm package X..."), a cached package is not. */
class Issue19NpxProgressTest {
  private static final String SPEC = "@modelcontextprotocol/server-memory@2026.8.31";

  @TempDir
  Path cache;

  @TempDir
  Path directory;

  @Test
  void aPackageMissingFromNpxsCacheIsToBeFetched() {
    assertEquals(Optional.of(SPEC), fetch("npx", "-y", SPEC));
    assertEquals(Optional.of(SPEC), fetch("/usr/bin/npx", "--yes", "--package", SPEC, "mcp-server-memory"));
    assertEquals(Optional.of("cowsay"), fetch("npx", "--package=cowsay", "cowsay", "hi"));
  }

  @Test
  void aPackageInNpxsCacheOrTheServersDirectoryIsNot() throws IOException {
    install(cache.resolve("_npx/c98ccc168155bafa"), "@modelcontextprotocol/server-memory");
    install(directory, "cowsay");

    assertEquals(Optional.empty(), fetch("npx", "-y", SPEC));
    assertEquals(Optional.empty(), fetch("npx", "cowsay@latest"));
  }

  @Test
  void otherCommandsAndLocalSpecsFetchNothing() {
    assertEquals(Optional.empty(), fetch("node", "server.js"));
    assertEquals(Optional.empty(), fetch("npx", "./local-server"));
    assertEquals(Optional.empty(), fetch("npx", "github:owner/server"));
    assertEquals(Optional.empty(), fetch("npx", "-y"));
  }

  @Test
  void theVersionIsNoPartOfThePackagesName() {
    assertEquals("@scope/name", NpxPackage.name("@scope/name@1.2.3"));
    assertEquals("@scope/name", NpxPackage.name("@scope/name"));
    assertEquals("name", NpxPackage.name("name@latest"));
  }

  private Optional<String> fetch(String... command) {
    return NpxPackage.toFetch(List.of(command), Map.of("npm_config_cache", cache.toString(), "HOME", "/nonexistent"),
        directory);
  }

  private static void install(Path root, String name) throws IOException {
    Path packageJson = root.resolve("node_modules").resolve(name).resolve("package.json");
    Files.createDirectories(packageJson.getParent());
    Files.writeString(packageJson, "{\"name\": \"" + name + "\"}");
  }
}
