package io.astrid.capsule.engine.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.jvm.CapsuleToolProvider;
import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.Component;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.core.internal.host.MvStoreKeyValueStore;
import io.astrid.capsule.engine.support.ContentHash;
import io.astrid.capsule.security.DefaultSecurityGate;
import io.astrid.capsule.testing.Collectable;
import io.astrid.capsule.testing.TestJars;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: JVM capsules in layers of their own, on real jars built by javac and jar in the test,
 * the real security gate (trust by the jars' hash) and the real key-value store.
 */
class Issue15JvmEngineTest {
  private static final Duration GC_TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  Path temp;

  private TestJars jars;
  private MvStoreKeyValueStore kv;
  private DefaultSecurityGate gate;
  private final List<ApprovalRequest> asked = new ArrayList<>();
  private ApprovalAnswer answer = ApprovalAnswer.ALWAYS;
  private final List<JvmCapsuleEngine> loaded = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    jars = new TestJars(Files.createDirectories(temp.resolve("work")), CapsuleToolProvider.class);
    kv = new MvStoreKeyValueStore(temp.resolve("kv.mv.db"));
    gate = new DefaultSecurityGate(Files.createDirectories(temp.resolve("state")), human());
  }

  @AfterEach
  void tearDown() throws Exception {
    for (JvmCapsuleEngine engine : loaded) {
      engine.unload();
    }
    kv.close();
  }

  private Approver human() {
    return (ApprovalRequest request, Duration timeout) -> {
      asked.add(request);
      return Optional.of(answer);
    };
  }

  /** A library module {@code lib} whose {@code lib.Version.text()} says {@code version}. */
  private Path library(Path jar, String version) throws Exception {
    return jars.jar(jar, Map.of(
        "module-info.java", "module lib { exports lib; }",
        "lib/Version.java", "package lib; public class Version { public static String text() { return \""
            + version + "\"; } }"), Map.of());
  }

  /**
   * A named tool module {@code name} (package {@code name}) requiring {@code lib}: tool {@code version}
   * answers lib's text, tool {@code load} tries to load the class named in its arguments.
   */
  private Path tools(Path jar, String name, Path... modulePath) throws Exception {
    return jars.jar(jar, Map.of(
        "module-info.java", "module " + name + " { requires io.astrid.capsule.api; requires lib;"
            + " provides io.astrid.capsule.api.jvm.CapsuleToolProvider with " + name + ".Tools; }",
        name + "/Tools.java", """
            package %s;
            import io.astrid.capsule.api.jvm.*;
            import io.astrid.capsule.api.tool.*;
            import java.util.*;
            public class Tools implements CapsuleToolProvider {
              public static String secret() { return "mine"; }
              public List<CapsuleTool> tools(CapsuleHost host) {
                return List.of(tool("version", a -> ToolResult.text(lib.Version.text())),
                    tool("load", a -> {
                      try {
                        Class.forName((String) a.get("class"), false, Tools.class.getClassLoader());
                        return ToolResult.text("loaded");
                      } catch (ClassNotFoundException e) {
                        return ToolResult.error("ClassNotFoundException: " + e.getMessage());
                      }
                    }));
              }
              interface Call { ToolResult call(Map<String, Object> a) throws Exception; }
              static CapsuleTool tool(String name, Call call) {
                return new CapsuleTool() {
                  public String name() { return name; }
                  public String description() { return name; }
                  public Map<String, Object> inputSchema() { return Map.of("type", "object"); }
                  public ToolResult call(Map<String, Object> a) throws Exception { return call.call(a); }
                };
              }
            }
            """.formatted(name)), Map.of(), modulePath);
  }

  /** A capsule directory {@code name} with the tools module and lib {@code version}. */
  private Path capsule(String name, String version) throws Exception {
    Path dir = temp.resolve("capsules").resolve(name);
    Path lib = library(dir.resolve("lib/lib.jar"), version);
    tools(dir.resolve("lib/tools.jar"), name.replace('-', '_'), lib);
    return dir;
  }

  private static CapsuleManifest manifest(String name) {
    return CapsuleManifest.builder(name, "1.0.0").withComponent(new Component("lib/tools.jar", Optional.empty()))
        .withCapabilities(new Capabilities(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), true))
        .build();
  }

  private JvmCapsuleEngine load(String name, Path dir) throws Exception {
    JvmRuntime runtime = JvmRuntime.of(gate, gate, kv, temp, null);
    CapsuleManifest manifest = manifest(name);
    JvmCapsuleEngine engine = new JvmCapsuleEngine(runtime, manifest.component().orElseThrow());
    try {
      engine.load(new EngineContext(name, manifest, dir, ModuleLayer.empty(), EngineMonitor.IGNORE));
    } catch (Exception e) {
      engine.unload();
      throw e;
    }
    loaded.add(engine);
    return engine;
  }

  private static ToolResult call(JvmCapsuleEngine engine, String tool, Map<String, Object> arguments)
      throws Exception {
    for (CapsuleTool t : engine.contributions().tools()) {
      if (t.name().equals(tool)) {
        return t.call(arguments);
      }
    }
    throw new AssertionError("no tool [" + tool + "] in " + engine.contributions().tools());
  }

  @Test
  void twoCapsulesCarryingTwoVersionsOfOneLibraryEachSeeTheirOwn() throws Exception {
    JvmCapsuleEngine one = load("alpha", capsule("alpha", "1.0"));
    JvmCapsuleEngine two = load("beta", capsule("beta", "2.0"));

    assertEquals(ToolResult.text("1.0"), call(one, "version", Map.of()));
    assertEquals(ToolResult.text("2.0"), call(two, "version", Map.of()));
    assertEquals(List.of("alpha", "lib"), one.layer().orElseThrow().modules().stream().map(Module::getName)
        .sorted().toList());
  }

  @Test
  void aCapsuleCannotLoadAnotherCapsulesClassNorCoreInternalsNorAnEngineBundlesClass() throws Exception {
    JvmCapsuleEngine one = load("alpha", capsule("alpha", "1.0"));
    load("beta", capsule("beta", "2.0"));

    assertEquals(ToolResult.text("loaded"), call(one, "load", Map.of("class", "alpha.Tools")));
    assertEquals(ToolResult.text("loaded"), call(one, "load", Map.of("class",
        "io.astrid.capsule.api.jvm.CapsuleToolProvider")));
    for (String foreign : List.of("beta.Tools", "io.astrid.capsule.core.internal.host.MvStoreKeyValueStore",
        "io.astrid.capsule.engine.jvm.JvmEngineFactory", "io.astrid.capsule.security.DefaultSecurityGate",
        "io.astrid.capsule.internal.text.UntrustedText", "org.junit.jupiter.api.Test")) {
      assertEquals(ToolResult.error("ClassNotFoundException: " + foreign + ": a capsule sees only the capsule API"
          + " (io.astrid.capsule.api.*) and the JDK of the container"), call(one, "load", Map.of("class", foreign)),
          foreign);
    }
  }

  @Test
  void afterUnloadTheLayersClassLoaderIsCollectable() throws Exception {
    JvmCapsuleEngine engine = load("alpha", capsule("alpha", "1.0"));
    WeakReference<ClassLoader> loader = new WeakReference<>(engine.layer().orElseThrow().findLoader("alpha"));
    loaded.remove(engine);
    engine.unload();
    engine = null;

    Collectable.await(loader, "the unloaded capsule's layer loader", GC_TIMEOUT);
  }

  @Test
  void aHotReloadServesTheChangedJarAndTheOldLayerIsCollectable() throws Exception {
    Path dir = capsule("alpha", "1.0");
    JvmCapsuleEngine old = load("alpha", dir);
    WeakReference<ClassLoader> oldLoader = new WeakReference<>(old.layer().orElseThrow().findLoader("alpha"));

    library(dir.resolve("lib/lib.jar"), "1.1");
    JvmCapsuleEngine fresh = load("alpha", dir); // the new version beside the old, then the old goes (atomic swap)
    loaded.remove(old);
    old.unload();
    old = null;

    assertEquals(ToolResult.text("1.1"), call(fresh, "version", Map.of()));
    Collectable.await(oldLoader, "the replaced capsule's layer loader", GC_TIMEOUT);
  }

  @Test
  void anUntrustedCapsuleIsRefusedUntilTrustedAndAChangedJarIsAskedAboutAgain() throws Exception {
    Path dir = capsule("alpha", "1.0");
    answer = ApprovalAnswer.DENY;
    String hash = ContentHash.ofFiles(List.of(dir.resolve("lib/lib.jar"), dir.resolve("lib/tools.jar")));
    CapsuleException denied = assertThrows(CapsuleException.class, () -> load("alpha", dir));
    assertEquals("JVM capsule [alpha] not loaded: jvm [" + hash + "] denied: the user said no", denied.getMessage());

    answer = ApprovalAnswer.ALWAYS;
    load("alpha", dir);
    assertEquals(List.of("alpha jvm " + hash, "alpha jvm " + hash), asked.stream()
        .map(r -> r.capsuleId() + " " + r.capability() + " " + r.resource()).toList());

    // Stored with the hash: a headless gate on the same state loads the same jars and refuses a changed one.
    gate = new DefaultSecurityGate(temp.resolve("state-headless"));
    CapsuleException headless = assertThrows(CapsuleException.class, () -> load("alpha", dir));
    assertEquals("JVM capsule [alpha] not loaded: jvm [" + hash + "] denied: JVM code runs unsandboxed in the host's"
        + " JVM and needs a human's trust for these jars, and no approver is available (headless); run a capsule"
        + " command such as `capsule tools` in a terminal and answer [a]lways to trust them", headless.getMessage());
  }

  @Test
  void aTrustedCapsuleWhoseJarChangesIsRefusedAgain() throws Exception {
    Path dir = capsule("alpha", "1.0");
    load("alpha", dir);
    library(dir.resolve("lib/lib.jar"), "1.1");
    String changed = ContentHash.ofFiles(List.of(dir.resolve("lib/lib.jar"), dir.resolve("lib/tools.jar")));
    answer = ApprovalAnswer.DENY;

    CapsuleException refused = assertThrows(CapsuleException.class, () -> load("alpha", dir));
    assertEquals("JVM capsule [alpha] not loaded: jvm [" + changed + "] denied: the user said no",
        refused.getMessage());
    assertEquals(2, asked.size(), "the changed jars were asked about: " + asked);
  }
}
