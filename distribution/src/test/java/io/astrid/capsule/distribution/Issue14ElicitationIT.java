package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: when the security gate asks a human during a call that came through the gateway, a
 * client that declared the {@code elicitation} capability is asked with {@code elicitation/create}
 * (the TypeScript SDK's client, over HTTP, against {@code capsule run} with
 * {@code approval.fs_write = ask}); its answer decides, a decline denies with that reason, and the
 * audit says {@code answer_from: client}. A client without the capability leaves the question to
 * the runtime's approvers (none here: denied, headless).
 */
class Issue14ElicitationIT {
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The question about writing {@code path}, as the client printed it. */
  private static String asked(Path path) {
    return "{\"step\":\"asked\",\"message\":\"Capsule [notes] wants fs_write [" + path + "]. Allow it?\","
        + "\"answers\":[\"once\",\"session\",\"always\",\"deny\",\"never\"]}";
  }

  @Test
  void issue14_aClientWithElicitationAnswersTheGatesQuestion(@TempDir Path temp) throws Exception {
    try (GatewayRuntime runtime = start(temp)) {
      List<String> steps = client(temp, runtime, "once");
      Path notes = temp.toRealPath().resolve("notes");
      // Two questions: the guest makes the notes directory, then writes the note.
      assertEquals(List.of(asked(notes), asked(notes.resolve("asked.md")),
          "{\"step\":\"call\",\"isError\":false,\"text\":\"saved notes/asked.md\"}"), steps);
      assertEquals("# Asked", Files.readString(temp.resolve("notes/asked.md")));
      JsonNode audit = lastAudit(runtime);
      assertEquals("allow human once client", audit.path("decision").asText() + " " + audit.path("gate").asText()
          + " " + audit.path("answer").asText() + " " + audit.path("answer_from").asText(), audit.toString());
    }
  }

  @Test
  void issue14_aClientThatDeclinesDeniesTheCall(@TempDir Path temp) throws Exception {
    try (GatewayRuntime runtime = start(temp)) {
      List<String> steps = client(temp, runtime, "decline");
      Path notes = temp.toRealPath().resolve("notes");
      assertEquals(2, steps.size(), steps.toString());
      assertEquals(asked(notes), steps.getFirst());
      String denial = "fs_write [" + notes + "] denied: mcp client [issue14-elicitation 1.0.0] declined the question";
      JsonNode call = JSON.readTree(steps.get(1));
      assertTrue(call.path("isError").asBoolean(), steps.toString());
      assertTrue(call.path("text").asText().contains(denial), steps.toString());
      assertTrue(Files.notExists(notes));
      JsonNode audit = lastAudit(runtime);
      assertEquals(denial + " | human none client", audit.path("reason").asText() + " | " + audit.path("gate").asText()
          + " " + audit.path("answer").asText() + " " + audit.path("answer_from").asText(), audit.toString());
    }
  }

  @Test
  void issue14_aClientWithoutElicitationLeavesItToTheRuntimesApprovers(@TempDir Path temp) throws Exception {
    try (GatewayRuntime runtime = start(temp)) {
      List<String> steps = client(temp, runtime, "none");
      assertEquals(1, steps.size(), steps.toString());
      assertTrue(steps.getFirst().contains("needs approval (approval.fs_write=ask) and no approver is available"
          + " (headless)"), steps.toString());
      assertEquals("policy", lastAudit(runtime).path("gate").asText());
    }
  }

  /** {@code capsule run} with a copy of the notes example and fs_write asked of a human. */
  private static GatewayRuntime start(Path temp) throws IOException {
    Path root = Files.createDirectories(temp.resolve("capsules"));
    Path from = EXAMPLES.resolve("notes");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path to = root.resolve("notes").resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    }
    Path conf = Files.createDirectories(temp.resolve("conf"));
    Path shipped = Path.of(System.getProperty("capsule.distribution"), "conf", "io.astrid.capsule.security.cfg");
    Files.writeString(conf.resolve(shipped.getFileName()), Files.readString(shipped)
        .replace("approval.fs_write = allow", "approval.fs_write = ask"));
    return GatewayRuntime.start(temp, root);
  }

  private static List<String> client(Path temp, GatewayRuntime runtime, String answer) throws Exception {
    return runtime.clientSteps(temp, "elicitation-client.mjs", answer);
  }

  private static JsonNode lastAudit(GatewayRuntime runtime) throws IOException {
    List<String> lines = Files.readAllLines(runtime.state().resolve("audit.jsonl"));
    return JSON.readTree(lines.getLast());
  }
}
