package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, finding 2: {@code approval.fs_read}, {@code approval.fs_write} and
 * {@code approval.host_process} did nothing, because Declarative Services named the gate's keys
 * {@code approval.fs.read}... Every key the distribution ships must be one its component reads, and
 * those three must act on a real guest and a real server.
 */
class Issue20Finding2IT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void finding2_declarativeServicesNamesFollowTheSpecificationsExamples() {
    // OSGi R7 Compendium 112.8.2.1, table 112.5.
    Map<String, String> examples = Map.ofEntries(Map.entry("myProperty143", "myProperty143"),
        Map.entry("$new", "new"), Map.entry("my$$prop", "my$prop"), Map.entry("dot_prop", "dot.prop"),
        Map.entry("_secret", ".secret"), Map.entry("another__prop", "another_prop"),
        Map.entry("three___prop", "three_.prop"), Map.entry("four_$__prop", "four._prop"),
        Map.entry("five_$_prop", "five..prop"), Map.entry("six$_$prop", "six-prop"),
        Map.entry("seven$$_$prop", "seven$.prop"), Map.entry("approval_fs__read", "approval.fs_read"));
    examples.forEach((method, name) -> assertEquals(name, ComponentPropertyNames.name(method), method));
  }

  @Test
  void finding2_everyKeyOfEveryShippedCfgFileIsReadByTheComponentItConfigures() throws Exception {
    Path conf = DISTRIBUTION.resolve("conf");
    Map<String, ShippedConfiguration.Component> components =
        ShippedConfiguration.components(DISTRIBUTION.resolve("bundles"));
    Map<String, Path> files = ShippedConfiguration.files(conf);
    List<String> problems = new ArrayList<>();
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"), Optional.of(conf))) {
      for (Map.Entry<String, Path> file : files.entrySet()) {
        ShippedConfiguration.Component component = components.get(file.getKey());
        if (component == null) {
          problems.add("[" + file.getValue().getFileName() + "] configures PID [" + file.getKey()
              + "]: no component of the distribution has it");
          continue;
        }
        Set<String> attributes = ComponentPropertyNames.of(framework.bundle(component.bundle()).orElseThrow()
            .loadClass(component.implementation()));
        for (String key : ShippedConfiguration.keys(file.getValue())) {
          if (!attributes.contains(key)) {
            problems.add("key [" + key + "] of [" + file.getValue().getFileName() + "] means nothing: component ["
                + component.name() + "] reads " + attributes);
          }
        }
      }
    }
    assertEquals(List.of(), problems);
    assertEquals(Set.of("io.astrid.capsule.security", "io.astrid.capsule.engine.wasm", "io.astrid.capsule.engine.mcp",
        "io.astrid.capsule.registry",
        "io.astrid.capsule.watcher", "io.astrid.capsule.kv", "io.astrid.capsule.log", "io.astrid.capsule.gateway",
        "io.astrid.capsule.ipc"),
        files.keySet(),
        "every shipped file is checked");
  }

  @Test
  void finding2_approvalFsWriteDenyDeniesAGuestsWrite(@TempDir Path conf, @TempDir Path workspace) throws Exception {
    configure(conf, workspace, "approval.fs_write = deny");
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"), Optional.of(conf))) {
      CapsuleRegistry registry = notes(framework);

      ToolResult saved = registry.call("capsule:notes:note_save", Map.of("name", "otters", "text", "hold hands"));

      // The reason names the real path the gate judged (issue 20 finding 10).
      assertEquals(ToolResult.error("astrid_fs_mkdir: fs_write [" + workspace.toRealPath().resolve("notes")
          + "] denied: approval.fs_write=deny"), saved);
      assertFalse(Files.exists(workspace.resolve("notes/otters.md")));
    }
  }

  @Test
  void finding2_approvalFsReadDenyDeniesAGuestsRead(@TempDir Path conf, @TempDir Path workspace) throws Exception {
    configure(conf, workspace, "approval.fs_read = deny");
    Files.createDirectories(workspace.resolve("notes"));
    Files.writeString(workspace.resolve("notes/otters.md"), "hold hands");
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"), Optional.of(conf))) {
      CapsuleRegistry registry = notes(framework);

      assertEquals(ToolResult.error("astrid_fs_exists: fs_read [" + workspace.toRealPath().resolve("notes/otters.md")
          + "] denied: approval.fs_read=deny"), registry.call("capsule:notes:note_read", Map.of("name", "otters")));
    }
  }

  @Test
  void finding2_approvalHostProcessDenyDeniesAServerStart(@TempDir Path conf, @TempDir Path workspace,
      @TempDir Path capsule) throws Exception {
    configure(conf, workspace, "approval.host_process = deny");
    Files.writeString(capsule.resolve("Capsule.toml"), TestCapsules.everythingManifest());
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"), Optional.of(conf))) {
      CapsuleRegistry registry = framework.service(CapsuleRegistry.class, TIMEOUT);
      registry.install(framework.service(ManifestReader.class, TIMEOUT).read(capsule.resolve("Capsule.toml"))
          .orThrow(), capsule);

      assertEquals(CapsuleStatus.failed("engine [mcp:everything] failed to load: mcp server [everything] cannot"
          + " start: host_process [node] denied: approval.host_process=deny"),
          registry.awaitSettled("everything", TIMEOUT));
    }
  }

  /** The gate's file with {@code setting} and its state in the workspace; the wasm engine's workspace. */
  private static void configure(Path conf, Path workspace, String setting) throws Exception {
    Files.writeString(conf.resolve("io.astrid.capsule.security.cfg"), setting + "\nstate.directory = "
        + workspace.resolve(".state") + "\n");
    Files.writeString(conf.resolve("io.astrid.capsule.engine.wasm.cfg"), "workspace = "
        + workspace + "\n");
  }

  private static CapsuleRegistry notes(EmbeddedFramework framework) throws Exception {
    CapsuleRegistry registry = framework.service(CapsuleRegistry.class, TIMEOUT);
    Path notes = EXAMPLES.resolve("notes");
    CapsuleManifest manifest = framework.service(ManifestReader.class, TIMEOUT)
        .read(notes.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    registry.install(manifest, notes);
    assertEquals(CapsuleState.READY, registry.awaitSettled("notes", TIMEOUT).state());
    return registry;
  }
}
