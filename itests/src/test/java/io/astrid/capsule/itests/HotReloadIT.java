package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.RootScope;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.api.watch.CapsuleChange;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import io.astrid.capsule.api.watch.HotReloader;
import io.astrid.capsule.api.watch.ReloadOutcome;
import io.astrid.capsule.api.watch.ReloadOutcome.Action;
import io.astrid.capsule.testing.TestCapsules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Hot reload end to end: the real watcher, reloader, registry and engine bundles on real files. Each test watches a
 * root of its own and leaves an empty registry behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotReloadIT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject
  private CapsuleRegistry registry;

  @Inject
  private HotReloader reloader;

  @Inject
  private CapsuleWatcher watcher;

  private Path root;
  private CapsuleWatcher.Watch watch;
  private final BlockingQueue<ReloadOutcome> outcomes = new LinkedBlockingQueue<>();

  @Before
  public void start() throws IOException {
    root = Files.createTempDirectory(stateDirectory(), "root");
    writeCapsule("notes", "1.0.0", "first notes");
    assertEquals(Action.INSTALLED, reloader.apply(new CapsuleChange.Added(root.resolve("notes"), "initial")).action());
    watch = watcher.watch(List.of(new CapsuleRoot(root, RootScope.EXTRA)),
        change -> outcomes.add(reloader.apply(change)));
  }

  @After
  public void stop() throws Exception {
    try {
      watch.close();
    } finally {
      uninstallAll();
    }
  }

  private void writeCapsule(String name, String version, String notes) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(dir.resolve("notes.md"), notes);
    Files.writeString(dir.resolve("Capsule.toml"), """
        [package]
        name = "%s"
        version = "%s"

        [[context_file]]
        name = "notes"
        file = "notes.md"
        """.formatted(name, version));
  }

  private ReloadOutcome next() throws InterruptedException {
    ReloadOutcome outcome = outcomes.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (outcome == null) {
      throw new AssertionError("no reload within " + TIMEOUT);
    }
    return outcome;
  }

  private List<String> context() {
    return registry.context().stream().map(c -> c.value().text()).toList();
  }

  @Test
  public void editsAreReloadedABrokenEditKeepsTheOldVersionAndABurstIsOneReload() throws Exception {
    Files.writeString(root.resolve("notes/notes.md"), "second notes");
    assertEquals(Action.REPLACED, next().action());
    assertEquals(List.of("second notes"), context());

    Files.writeString(root.resolve("notes/Capsule.toml"), "[package]\nname = \"notes\"\nversion = \"oops\"\n");
    ReloadOutcome broken = next();
    assertEquals(Action.KEPT, broken.action());
    assertEquals("the old version keeps serving", List.of("second notes"), context());

    for (int i = 0; i < 100; i++) {
      Files.writeString(root.resolve("notes/notes.md"), "burst " + i);
    }
    writeCapsule("notes", "2.0.0", "after the burst");
    ReloadOutcome burst = next();
    assertEquals(burst.toString(), Action.REPLACED, burst.action());
    assertEquals("version 2.0.0 is READY", burst.message());
    assertEquals("a burst is one reload", null, outcomes.poll(1500, TimeUnit.MILLISECONDS));
    assertEquals(List.of("after the burst"), context());
  }

  /** Issue 13, finding 6: an edit nesting 2,000 deep is reported (it overflowed the watcher's stack before). */
  @Test
  public void issue13Finding6_anEditNesting2000DeepIsReportedAndTheOldVersionKeepsServing() throws Exception {
    Path manifest = root.resolve("notes/Capsule.toml");
    Files.writeString(manifest, "[package]\nname = \"notes\"\nversion = \"3.0.0\"\n[capabilities]\nkv = "
        + "[".repeat(2000) + "]".repeat(2000) + "\n");
    ReloadOutcome hostile = next();
    assertEquals(Action.KEPT, hostile.action());
    assertEquals("the new manifest is invalid, the old version keeps serving:\n" + manifest + ":5:69: TOML nesting:"
        + " more than 64 levels of arrays, inline tables and keys, the manifest is not parsed", hostile.message());
    assertEquals(List.of("first notes"), context());
  }

  /** Issue 15: headless, nobody can trust JVM code; the refusal says how to, and an edited version is refused too. */
  @Test
  public void issue15_anUntrustedJvmCapsuleFailsSayingHowToTrustItAndItsEditedVersionToo() throws Exception {
    Path dir = Files.createDirectories(root.resolve("jvm-tools/lib"));
    Files.write(dir.resolve("tools.jar"), new byte[0]);
    dir = dir.getParent();
    Files.writeString(dir.resolve("Capsule.toml"), """
        [package]
        name = "jvm-tools"
        version = "1.0.0"

        [component]
        entrypoint = "lib/tools.jar"

        [capabilities]
        jvm = true
        """);
    String refused = "engine [jvm:lib/tools.jar] failed to load: JVM capsule [jvm-tools] not loaded: jvm ["
        + emptyToolsJarHash() + "] denied: JVM code runs unsandboxed in the host's JVM and needs a human's trust for"
        + " these jars, and no approver is available (headless); run a capsule command such as `capsule tools` in a"
        + " terminal and answer [a]lways to trust them";
    ReloadOutcome added = next();
    assertEquals(added.toString(), Action.INSTALLED, added.action());
    assertEquals("FAILED (" + refused + ")", added.message());

    Files.writeString(dir.resolve("Capsule.toml"), Files.readString(dir.resolve("Capsule.toml"))
        .replace("1.0.0", "1.1.0"));
    ReloadOutcome edited = next();
    assertEquals(edited.toString(), Action.KEPT, edited.action());
    assertEquals("replacing capsule [jvm-tools] failed: the new version is FAILED (" + refused + "); the old version"
        + " keeps serving", edited.message());
  }

  /** The engine's digest of one empty lib/tools.jar: the name's length, the name, the size, the content. */
  private static String emptyToolsJarHash() {
    Blake3Digest digest = new Blake3Digest(256);
    byte[] input = String.join("\0", "9", "tools.jar", "0", "").getBytes(StandardCharsets.US_ASCII);
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return "blake3:" + HexFormat.of().formatHex(out);
  }

  @Test
  public void aWebAssemblyComponentRewrittenOnDiskIsReloadedAndItsNewCodeServes() throws Exception {
    Path plugin = TestCapsules.wasmFixture("plugins/host-functions.wasm");
    Path dir = TestCapsules.wasmCapsule(root.resolve("wasm-tools"), plugin, "wasm-tools", """
        [[tool]]
        name = "echo"
        description = "Answers with its request"
        input_schema = { type = "object" }
        """);
    ReloadOutcome added = next();
    assertEquals(added.toString(), Action.INSTALLED, added.action());
    assertEquals(ToolResult.text("{\"name\":\"echo\",\"arguments\":{}}"),
        registry.call("capsule:wasm-tools:echo", Map.of()));

    // The new build has no astrid_tool_call: the reloaded capsule answers with the new code's failure.
    Files.copy(TestCapsules.wasmFixture("plugins/hostile.wasm"), dir.resolve(plugin.getFileName()),
        StandardCopyOption.REPLACE_EXISTING);
    ReloadOutcome replaced = next();
    assertEquals(replaced.toString(), Action.REPLACED, replaced.action());
    assertEquals(ToolResult.error("the plugin has no export [astrid_tool_call]"),
        registry.call("capsule:wasm-tools:echo", Map.of()));
  }

  @Test
  public void aNewCapsuleDirectoryIsLoadedAndADeletedOneUnloaded() throws Exception {
    writeCapsule("fresh", "0.1.0", "fresh notes");
    ReloadOutcome added = next();
    assertEquals(added.toString(), Action.INSTALLED, added.action());
    assertEquals(List.of("fresh notes", "first notes"), context());

    Files.delete(root.resolve("fresh/Capsule.toml"));
    assertEquals(Action.UNINSTALLED, next().action());
    assertEquals(List.of("first notes"), context());
  }
}
