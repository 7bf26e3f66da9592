package io.astrid.capsule.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: astrid-capsule-karaf-VERSION.tar.gz, unpacked and started, boots on Java 25 (the agent, the
 * assembly's settings) with SSH, SCR, Config Admin and Event Admin and our features; the examples dock from the
 * configured roots; tools are called and the wasm engine bundle stopped, updated and started through the shell.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class Issue16KarafAssemblyIT {
  private static final Path ARCHIVE = Path.of(System.getProperty("capsule.karaf.archive"));
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final Duration BOOT = Duration.ofSeconds(240);
  private static final String DOCKED = """
      CAPSULE       VERSION  STATE  ENGINES       TOOLS
      hello-static  0.1.0    READY  static        0
      notes         0.1.0    READY  static, wasm  3
      """;

  private static Path directory;
  private static KarafProcess karaf;

  @BeforeAll
  static void start() throws Exception {
    directory = Files.createTempDirectory("issue16-karaf");
    Path roots = Files.createDirectories(directory.resolve("roots"));
    // The examples that need no network (knowledge-graph fetches its server from npm).
    for (String example : new String[] {"hello-static", "notes"}) {
      copy(EXAMPLES.resolve(example), roots.resolve(example));
    }
    karaf = KarafProcess.start(ARCHIVE, directory, "roots = " + roots + "\n");
    karaf.shellUntil("capsule:list", DOCKED::equals, BOOT);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (karaf != null) {
        karaf.close();
      }
    } finally {
      delete(directory);
    }
  }

  @Test
  @Order(1)
  void bootsOnJava25WithSshScrConfigAdminEventAdminAndOurFeatures() throws Exception {
    String features = karaf.shell("feature:list -i");
    for (String feature : new String[] {"capsule-runtime", "capsule-engine-wasm", "capsule-engine-mcp",
        "capsule-shell", "scr", "ssh", "eventadmin", "config"}) {
      assertTrue(features.lines().anyMatch(line -> line.startsWith(feature + " ") && line.contains("Started")),
          feature + " started:\n" + features);
    }
    // The SSH session knows who logged in: Karaf's JaasHelper bound the subject and got it back through the agent.
    assertTrue(karaf.shell("jaas:whoami --no-format").contains("tester"), "whoami names the SSH user");
    assertEquals("25\n", karaf.shell("system:property java.specification.version"));
  }

  @Test
  @Order(2)
  void theExamplesDockFromTheConfiguredRoots() throws Exception {
    assertEquals(DOCKED, karaf.shell("capsule:list"));
  }

  @Test
  @Order(3)
  void aToolIsCalledThroughTheShell() throws Exception {
    assertEquals("saved notes/otters.md\n",
        karaf.shell("capsule:call capsule:notes:note_save '{\"name\": \"otters\", \"text\": \"They hold hands.\"}'"));
    // The workspace is the directory Karaf runs in, its home.
    assertEquals("They hold hands.", Files.readString(karaf.home().resolve("notes/otters.md"), StandardCharsets.UTF_8));
    assertEquals("They hold hands.\n", karaf.shell("capsule:call capsule:notes:note_read '{\"name\": \"otters\"}'"));
  }

  @Test
  @Order(4)
  void badArgumentsAreRefusedWithTheReason() throws Exception {
    assertEquals("Error executing command: JSON arguments [x] are not a JSON object: Unrecognized token 'x': was"
        + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n",
        karaf.shell("capsule:call capsule:notes:note_list x"));
  }

  @Test
  @Order(5)
  void theWasmEngineBundleIsStoppedUpdatedAndStarted() throws Exception {
    karaf.shell("bundle:stop io.astrid.capsule.engine.wasm");
    assertEquals("""
        CAPSULE       VERSION  STATE    ENGINES       TOOLS
        hello-static  0.1.0    READY    static        0
        notes         0.1.0    WAITING  static, wasm  0
          waiting for engine kind wasm
        """, karaf.shell("capsule:list"));
    karaf.shell("bundle:update io.astrid.capsule.engine.wasm");
    karaf.shell("bundle:start io.astrid.capsule.engine.wasm");
    karaf.shellUntil("capsule:list", DOCKED::equals, Duration.ofSeconds(60));
    assertEquals("[\"otters.md\"]\n",
        karaf.shell("capsule:call capsule:notes:note_list '{}'"));
    // The updated engine found Truffle where the first one did (lib/boot, one copy per JVM) with the Graal
    // compiler: it would log the interpreter warning otherwise, and Truffle would refuse a second copy.
    String log = Files.readString(karaf.home().resolve("data/log/karaf.log"), StandardCharsets.UTF_8)
        + karaf.console();
    assertFalse(log.contains("WebAssembly guests run in the interpreter"), log);
    assertFalse(log.contains("already loaded in another classloader"), log);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static void delete(Path root) throws IOException {
    if (root == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    }
  }
}
