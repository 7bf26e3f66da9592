package io.astrid.capsule.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.host.EnvEntry;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.core.internal.env.MvStoreCapsuleEnvironment;
import io.astrid.capsule.core.internal.manifest.TomlManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: install, consent, reinstall, reconfigure and update, with the real manifest reader and value store. */
class Issue17InstallTest {
  @TempDir
  Path temp;

  private Path root;
  private MvStoreCapsuleEnvironment environment;

  @BeforeEach
  void open() {
    root = temp.resolve("workspace/.astrid/plugins");
    environment = new MvStoreCapsuleEnvironment(temp.resolve("state"), Map.of());
  }

  @AfterEach
  void close() {
    environment.close();
  }

  private Path source(String version, String moreToml) throws IOException {
    Path dir = Files.createDirectories(temp.resolve("source-" + version));
    Files.writeString(dir.resolve("Capsule.toml"), """
        [package]
        name = "probe"
        version = "%s"
        description = "Probes things"

        [capabilities]
        net = ["api.example.com"]
        host_process = ["node"]

        [[mcp_server]]
        id = "memory"
        command = "node"
        args = ["server.js", "--quiet"]

        [env.TOKEN]
        type = "secret"
        request = "Your API token"

        [env.REGION]
        type = "string"
        default = "eu-west-1"
        %s""".formatted(version, moreToml));
    return dir;
  }

  private CapsuleManifest install(FakeInstallConsole console, Path source, Optional<String> replacing, boolean yes,
      boolean reconfigure, Map<String, String> given) {
    return new CapsuleInstaller(new TomlManifestReader(), () -> environment, console)
        .install(new CapsuleInstaller.Request(source, root, replacing, yes, reconfigure, given));
  }

  private List<String> rootEntries() throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void whatTheCapsuleAsksForIsShownThenConsentThenItsValues() throws IOException {
    FakeInstallConsole console = new FakeInstallConsole("y", "tok-123", "");
    install(console, source("1.0.0", ""), Optional.empty(), false, false, Map.of());
    assertEquals(List.of(
        "tell: capsule probe 1.0.0: Probes things",
        "tell:   capabilities:",
        "tell:     network hosts: api.example.com",
        "tell:     host processes: node",
        "tell:   MCP server memory: runs node server.js --quiet",
        "tell:   env TOKEN (secret): asked, required",
        "tell:   env REGION (string): asked, default offered",
        "ask: Install probe 1.0.0? [y/N] ",
        "secret: Your API token (TOKEN, secret): ",
        "ask: Value of REGION (REGION, string) [eu-west-1]: "), console.transcript);
    assertEquals(List.of("probe"), rootEntries());
    assertTrue(Files.exists(root.resolve("probe/Capsule.toml")));
    assertEquals(List.of(new EnvEntry("TOKEN", EnvEntry.Source.SECRET, "")), environment.entries("probe"));
  }

  @Test
  void refusedConsentLeavesNothingBehind() throws IOException {
    CapsuleException e = assertThrows(CapsuleException.class,
        () -> install(new FakeInstallConsole("n"), source("1.0.0", ""), Optional.empty(), false, false, Map.of()));
    assertEquals("capsule [probe] not installed: consent refused", e.getMessage());
    assertEquals(List.of(), rootEntries());
    assertEquals(List.of(), environment.entries("probe"));
  }

  @Test
  void noAnswerToConsentIsARefusalThatNamesYes() throws IOException {
    CapsuleException e = assertThrows(CapsuleException.class,
        () -> install(new FakeInstallConsole(), source("1.0.0", ""), Optional.empty(), false, false, Map.of()));
    assertEquals("capsule [probe] not installed: no answer to the consent question (pass --yes to give it)",
        e.getMessage());
    assertEquals(List.of(), rootEntries());
  }

  @Test
  void aMissingRequiredValueLeavesNothingBehind() throws IOException {
    CapsuleException e = assertThrows(CapsuleException.class,
        () -> install(new FakeInstallConsole(), source("1.0.0", ""), Optional.empty(), true, false, Map.of()));
    assertEquals("env value [TOKEN] of capsule [probe]: no answer and no default; give it with --env NAME=VALUE"
        + " or --env-file FILE", e.getMessage());
    assertEquals(List.of(), rootEntries());
  }

  @Test
  void anInvalidManifestIsReportedAndLeavesNothingBehind() throws IOException {
    Path source = source("not-a-version", "");
    FakeInstallConsole console = new FakeInstallConsole();
    CapsuleException e = assertThrows(CapsuleException.class,
        () -> install(console, source, Optional.empty(), true, false, Map.of()));
    assertEquals("[" + source + "]: its Capsule.toml is invalid", e.getMessage());
    assertTrue(console.transcript.getFirst().contains("version"), console.transcript.toString());
    assertEquals(List.of(), rootEntries());
  }

  @Test
  void reinstallKeepsStoredValuesAndReconfigureAsksAgain() throws IOException {
    install(new FakeInstallConsole(), source("1.0.0", ""), Optional.empty(), true, false, Map.of("TOKEN", "first"));
    FakeInstallConsole again = new FakeInstallConsole();
    install(again, source("1.0.0", ""), Optional.empty(), true, false, Map.of());
    assertTrue(again.transcript.contains("tell:   env TOKEN (secret): stored, kept"), again.transcript.toString());
    assertTrue(again.transcript.contains("tell:   env REGION (string): the default, kept"),
        again.transcript.toString());
    assertEquals("first", environment.resolve(manifest()).values().get("TOKEN"));

    install(new FakeInstallConsole("second", "ap-south-1"), source("1.0.0", ""), Optional.empty(), true, true,
        Map.of());
    assertEquals(Map.of("TOKEN", "second", "REGION", "ap-south-1"), environment.resolve(manifest()).values());
    assertEquals(List.of("probe"), rootEntries());
  }

  @Test
  void aReconfigureThatFailsWhileStoringKeepsTheOldValuesAndTheOldDirectory() throws IOException {
    install(new FakeInstallConsole(), source("1.0.0", ""), Optional.empty(), true, false,
        Map.of("TOKEN", "first", "REGION", "ap-north-1"));
    // The new secret cannot be sealed: the key file was opened to others after the first install.
    Path key = temp.resolve("state/env.key");
    environment.close();
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    environment = new MvStoreCapsuleEnvironment(temp.resolve("state"), Map.of());
    CapsuleException e = assertThrows(CapsuleException.class, () -> install(new FakeInstallConsole(),
        source("2.0.0", ""), Optional.empty(), true, true, Map.of("REGION", "us-east-1", "TOKEN", "second")));
    assertEquals("env key file [" + key + "] is open to others (rw-r--r--): make it rw------- (chmod 600)",
        e.getMessage());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    assertTrue(Files.readString(root.resolve("probe/Capsule.toml")).contains("1.0.0"));
    assertEquals(List.of("probe"), rootEntries());
    assertEquals(Map.of("TOKEN", "first", "REGION", "ap-north-1"), environment.resolve(manifest()).values());
  }

  @Test
  void updateSwapsTheDirectoryKeepsValuesAndAsksOnlyForNewOnes() throws IOException {
    install(new FakeInstallConsole(), source("1.0.0", ""), Optional.empty(), true, false, Map.of("TOKEN", "kept"));
    FakeInstallConsole console = new FakeInstallConsole("42");
    install(console, source("1.1.0", "\n[env.LIMIT]\ntype = \"number\"\n"), Optional.of("probe"), true, false,
        Map.of());
    assertEquals("ask: Value of LIMIT (LIMIT, number): ", console.transcript.getLast());
    assertTrue(Files.readString(root.resolve("probe/Capsule.toml")).contains("1.1.0"));
    assertEquals(Map.of("TOKEN", "kept", "REGION", "eu-west-1", "LIMIT", "42"),
        environment.resolve(manifest()).values());
    assertEquals(List.of("probe"), rootEntries());
  }

  @Test
  void updateWithAnotherCapsuleIsRefusedAndTheInstalledOneUntouched() throws IOException {
    install(new FakeInstallConsole(), source("1.0.0", ""), Optional.empty(), true, false, Map.of("TOKEN", "kept"));
    CapsuleException e = assertThrows(CapsuleException.class, () -> install(new FakeInstallConsole(),
        source("1.1.0", ""), Optional.of("other"), true, false, Map.of()));
    assertEquals("[" + temp.resolve("source-1.1.0") + "] is capsule [probe], not [other]", e.getMessage());
    assertTrue(Files.readString(root.resolve("probe/Capsule.toml")).contains("1.0.0"));
    assertFalse(rootEntries().size() > 1, rootEntries().toString());
  }

  private CapsuleManifest manifest() {
    return new TomlManifestReader().read(root.resolve("probe/Capsule.toml")).orThrow();
  }
}
