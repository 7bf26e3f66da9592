package io.astrid.capsule.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.testing.TestCapsules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
 * configured roots; tools are called and the wasm engine bundle stopped, updated and started through the shell; a
 * JVM capsule loads once trusted through capsule:approvals; the gateway's MCP endpoint answers initialize.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class Issue16KarafAssemblyIT {
  private static final Path ARCHIVE = Path.of(System.getProperty("capsule.karaf.archive"));
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final Path WASM_PLUGINS = Path.of(System.getProperty("capsule.wasm.plugins"));
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
      KarafProcess.copy(EXAMPLES.resolve(example), roots.resolve(example));
    }
    // Truffle's compilation trace on the console: the proof that guests are compiled (test 8).
    karaf = KarafProcess.start(ARCHIVE, directory, "roots = " + roots + "\n",
        "-Dpolyglot.engine.TraceCompilation=true");
    karaf.shellUntil("capsule:list", DOCKED::equals, BOOT);
  }

  @AfterAll
  static void stop() throws Exception {
    KarafProcess.stop(karaf, directory);
  }

  @Test
  @Order(1)
  void bootsOnJava25WithSshScrConfigAdminEventAdminAndOurFeatures() throws Exception {
    String features = karaf.shell("feature:list -i");
    for (String feature : new String[] {"capsule-runtime", "capsule-engine-wasm", "capsule-engine-mcp",
        "capsule-engine-jvm", "capsule-http-whiteboard", "capsule-gateway", "capsule-shell", "scr", "ssh",
        "eventadmin", "config"}) {
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
  void capsuleIdsAndToolNamesCompleteWithTabInKarafsConsole() throws Exception {
    // "hel" and "note_l" are neither an id nor a tool: only what Tab completed them to can answer.
    String screen = karaf.console("capsule:inspect hel\t\rcapsule:call capsule:notes:note_l\t'{}'\r"
        + "scr:info io.astrid.capsule.shell.GogoCommands\rlogout\r");
    assertTrue(screen.contains("capsule:inspect hello-static"), screen);
    assertTrue(screen.contains("capsule:   hello-static 0.1.0\ndirectory: "), screen);
    assertTrue(screen.contains("\n[\"otters.md\"]\n"), screen);
    // One set of commands: the Gogo functions of the same commands wait for the embedded launcher's condition, so
    // Karaf's actions alone answer to capsule:*.
    assertTrue(screen.contains("\nState:        UNSATISFIED REFERENCE\n"), screen);
    assertTrue(screen.contains("\n  - osgi.ds.satisfying.condition: org.osgi.service.condition.Condition UNSATISFIED"),
        screen);
  }

  @Test
  @Order(4)
  void badArgumentsAreRefusedWithTheReason() throws Exception {
    assertEquals(new KarafProcess.Client("Error executing command: JSON arguments [x] are not a JSON object:"
        + " Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or"
        + " 'false')\n", 1), karaf.client("capsule:call capsule:notes:note_list x"));
  }

  /** A script of an operator's learns that a call failed, and why: the tool's error text and a non-zero exit. */
  @Test
  @Order(4)
  void aFailedCallFailsTheCommandWithTheToolsError() throws Exception {
    assertEquals(new KarafProcess.Client("Error executing command: note_read: no note named beavers\n", 1),
        karaf.client("capsule:call capsule:notes:note_read '{\"name\": \"beavers\"}'"));
    assertEquals(new KarafProcess.Client("[\"otters.md\"]\n", 0), karaf.client("capsule:call capsule:notes:note_list"));
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

  @Test
  @Order(6)
  void aJvmCapsuleLoadsOnceAHumanTrustsItsJarsThroughTheShell() throws Exception {
    Path root = Files.createDirectories(directory.resolve("jvm-roots"));
    Path textDiff = Files.createDirectories(root.resolve("text-diff"));
    Files.copy(EXAMPLES.resolve("text-diff/Capsule.toml"), textDiff.resolve("Capsule.toml"));
    KarafProcess.copy(EXAMPLES.resolve("text-diff/lib"), textDiff.resolve("lib"));
    // capsule:dock waits until the capsule settled, and JVM code runs unsandboxed: loading waits for a human's
    // trust, asked through the queue of our assembly and answered from another session, as an operator would.
    CompletableFuture<String> docking = CompletableFuture.supplyAsync(() -> {
      try {
        return karaf.shell("capsule:dock " + root);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("capsule:dock failed", e);
      }
    });
    String pending = karaf.shellUntil("capsule:approvals", out -> out.contains("text-diff"), Duration.ofSeconds(60));
    String request = pending.lines().filter(line -> line.contains("text-diff")).findFirst().orElseThrow();
    String[] columns = request.trim().split("\\s+");
    assertEquals("jvm", columns[2], pending);
    assertTrue(columns[3].startsWith("blake3:"), pending);
    assertEquals("answered " + columns[0] + ": always\n", karaf.shell("capsule:approvals " + columns[0] + " always"));
    String docked = docking.get(60, TimeUnit.SECONDS);
    assertTrue(docked.lines().anyMatch(line -> line.matches("text-diff +0\\.1\\.0 +READY +static, jvm .*")), docked);
    assertEquals("""
        --- before
        +++ after
        @@ -1,2 +1,2 @@
         otters
        -hold paws
        +hold hands

        """, karaf.shell("capsule:call capsule:text-diff:diff_text"
        + " '{\"before\": \"otters\\nhold paws\\n\", \"after\": \"otters\\nhold hands\\n\"}'"));

    // The "always" is stored with the jars' digest; listed, then revoked (the next load asks again).
    String trust = "text-diff jvm " + columns[3];
    assertEquals("CAPSULE    CAPABILITY  RESOURCE" + " ".repeat(columns[3].length() - 6) + "ANSWER\n"
        + "text-diff  jvm         " + columns[3] + "  always\n", karaf.shell("capsule:approvals --stored"));
    assertEquals("revoked " + trust + "; it is asked about again\n",
        karaf.shell("capsule:approvals --revoke " + trust));
    assertEquals("Error executing command: revoke failed [" + trust + "]: no answer is stored for it\n",
        karaf.shell("capsule:approvals --revoke " + trust));
    assertEquals("no answer is stored\n",
        karaf.shell("capsule:approvals --stored"));
  }

  @Test
  @Order(7)
  void theGatewaysMcpEndpointAnswersInitialize() throws Exception {
    URI url = URI.create("http://127.0.0.1:" + karaf.gatewayPort() + "/mcp");
    assertEquals("mcp: serving at " + url + "\n", karaf.shell("capsule:serve"));
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(url)
          .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
          .timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofString("""
              {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
              "capabilities":{},"clientInfo":{"name":"issue16","version":"1"}}}""")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      assertTrue(response.headers().firstValue("Mcp-Session-Id").isPresent(), response.headers().toString());
      assertTrue(response.body().contains("\"protocolVersion\":\"2025-06-18\""), response.body());
      assertTrue(response.body().contains("\"serverInfo\":{\"name\":\"astrid-capsule\""), response.body());
    }
  }

  /**
   * Truffle on the boot class path with the Graal compiler (the assembly's bin/setenv) still compiles guests after the
   * wasm engine bundle is updated: Truffle's compilation trace (polyglot.engine.TraceCompilation, on in this Karaf)
   * shows guest code compiled after the update. Interpreter-only, Truffle would compile nothing; a second Truffle
   * in the updated bundle would fail the load. The Felix launcher's CompiledAfterUpdateIT times the same guest.
   */
  @Test
  @Order(8)
  void aComputeHeavyGuestIsStillCompiledAfterTheWasmEngineBundleIsUpdated() throws Exception {
    Path fib = TestCapsules.wasmCapsule(directory.resolve("fib-roots/fib"), WASM_PLUGINS.resolve("fib.wasm"), "fib",
        "");
    Predicate<String> fibReady =
        out -> out.lines().anyMatch(line -> line.matches("fib +1\\.0\\.0 +READY +static, wasm .*"));
    String docked = karaf.shell("capsule:dock " + fib.getParent());
    assertTrue(fibReady.test(docked), docked);

    karaf.shell("bundle:update io.astrid.capsule.engine.wasm");
    karaf.shellUntil("capsule:list", fibReady, Duration.ofSeconds(60));
    int updated = karaf.console().length();
    String calls = "capsule:invoke fib fib 27\n".repeat(10);
    karaf.shellUntil(calls, out -> {
      assertEquals("196418\n".repeat(10), out);
      return compiledSince(updated);
    }, Duration.ofSeconds(120));
  }

  private static boolean compiledSince(int offset) {
    try {
      return karaf.console().substring(offset).contains("opt done");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
