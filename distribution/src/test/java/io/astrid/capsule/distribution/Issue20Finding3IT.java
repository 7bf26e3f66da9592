package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.PendingApprovals;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, finding 3: an approval asked during a wasm call was abandoned when the call timed out
 * (10 s) while the prompt said 120 s. Here the call timeouts are 1 s and 1.5 s and the human
 * answers after more than twice that; the call waits and succeeds.
 */
class Issue20Finding3IT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CALL_TIMEOUT = Duration.ofMillis(1_000);

  @Test
  void finding3_aWasmCallWaitingForAHumanOutlivesItsCallTimeoutsAndSucceeds(@TempDir Path conf,
      @TempDir Path workspace) throws Exception {
    Path state = workspace.resolve(".state");
    Files.writeString(conf.resolve("io.astrid.capsule.security.cfg"), "approval.fs_write = ask\n"
        + "approval.timeout.ms = 60000\nstate.directory = " + state + "\n");
    Files.writeString(conf.resolve("io.astrid.capsule.security.queue.cfg"), "");
    Files.writeString(conf.resolve("io.astrid.capsule.engine.wasm.cfg"), "workspace = "
        + workspace + "\nwasm.call.timeout.ms = " + CALL_TIMEOUT.toMillis() + "\n");
    Files.writeString(conf.resolve("io.astrid.capsule.registry.cfg"),
        "capsule.call.timeout.ms = " + CALL_TIMEOUT.multipliedBy(3).dividedBy(2).toMillis() + "\n");
    try (EmbeddedFramework framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"), Optional.of(conf))) {
      CapsuleRegistry registry = framework.service(CapsuleRegistry.class, TIMEOUT);
      PendingApprovals human = framework.service(PendingApprovals.class, TIMEOUT);
      Path notes = EXAMPLES.resolve("notes");
      registry.install(framework.service(ManifestReader.class, TIMEOUT)
          .read(notes.resolve(CapsuleManifest.FILE_NAME)).orThrow(), notes);
      assertEquals(CapsuleState.READY, registry.awaitSettled("notes", TIMEOUT).state());

      CompletableFuture<ToolResult> saved = CompletableFuture.supplyAsync(
          () -> registry.call("capsule:notes:note_save", Map.of("name", "otters", "text", "hold hands")));

      ApprovalRequest mkdir = nextQuestion(human, "");
      assertEquals("capsule [notes] wants fs_write [" + workspace.toRealPath().resolve("notes") + "]",
          mkdir.toString());
      // The human takes more than twice the longest call timeout; the call must still be waiting.
      assertThrows(TimeoutException.class, () -> saved.get(CALL_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS));
      human.answer(mkdir.id(), ApprovalAnswer.ONCE);
      ApprovalRequest write = nextQuestion(human, mkdir.id());
      assertEquals("capsule [notes] wants fs_write [" + workspace.toRealPath().resolve("notes/otters.md") + "]",
          write.toString());
      human.answer(write.id(), ApprovalAnswer.ONCE);

      assertEquals(ToolResult.text("saved notes/otters.md"), saved.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      assertEquals("hold hands", Files.readString(workspace.resolve("notes/otters.md")));
    }
    Path real = workspace.toRealPath();
    assertEquals(List.of(
        "\"capsule\":\"notes\",\"action\":\"fs_write\",\"resource\":\"" + real.resolve("notes")
            + "\",\"decision\":\"allow\",\"reason\":"
            + "\"fs_write [" + real.resolve("notes") + "] is within the declared prefix [notes]; approved by the user"
            + " (once)\",\"gate\":\"human\",\"answer\":\"once\",\"answer_from\":\"prompt\"}",
        "\"capsule\":\"notes\",\"action\":\"fs_write\",\"resource\":\"" + real.resolve("notes/otters.md")
            + "\",\"decision\":\"allow\","
            + "\"reason\":\"fs_write [" + real.resolve("notes/otters.md") + "] is within the declared prefix [notes];"
            + " approved by the user (once)\",\"gate\":\"human\",\"answer\":\"once\",\"answer_from\":\"prompt\"}"),
        Files.readAllLines(state.resolve("audit.jsonl")).stream().filter(line -> line.contains("\"gate\":\"human\""))
            .map(line -> line.substring(line.indexOf("\"capsule\""))).toList(), "a human's allow is audited as one");
  }

  @Test
  void finding3_capsuleCallAsksOnItsTerminal(@TempDir Path conf, @TempDir Path workspace, @TempDir Path root)
      throws Exception {
    // The notes capsule alone: the examples' JVM capsule would ask its own question first (issue 15).
    Path notes = Files.createDirectories(root.resolve("notes"));
    for (String file : List.of(CapsuleManifest.FILE_NAME, "notes.wasm")) {
      Files.copy(EXAMPLES.resolve("notes").resolve(file), notes.resolve(file));
    }
    Files.writeString(conf.resolve("io.astrid.capsule.security.cfg"), "approval.fs_write = ask\nstate.directory = "
        + workspace.resolve(".state") + "\n");
    Files.writeString(conf.resolve("io.astrid.capsule.engine.wasm.cfg"), "workspace = "
        + workspace + "\n");
    // A real terminal: tmux runs the command in a pseudo-terminal, the keys are typed into it.
    String command = "JAVA_HOME=" + System.getProperty("java.home") + " CAPSULE_JAVA_OPTS='-Dcapsule.conf=" + conf
        + " -Dastrid.state.dir=" + workspace.resolve(".runtime") + "' " + DISTRIBUTION.resolve("bin/capsule")
        + " call capsule:notes:note_save '{\"name\": \"otters\", \"text\": \"hold hands\"}' -r " + root
        + "; echo status:\"$?\"";
    String question = "Allow? [o]nce, [s]ession, [a]lways, [d]eny, [n]ever:";
    try (Terminal terminal = Terminal.start(workspace, 250, 50, command)) {
      terminal.await(question, 1, TIMEOUT);
      terminal.type("o", "Enter");
      terminal.await(question, 2, TIMEOUT);
      terminal.type("once", "Enter");
      String screen = terminal.await("status:0", 1, TIMEOUT);

      Path real = workspace.toRealPath();
      assertEquals(List.of(
          "capsule [notes] wants fs_write [" + real.resolve("notes") + "]. Allow? [o]nce, [s]ession, [a]lways,"
              + " [d]eny, [n]ever: o",
          "capsule [notes] wants fs_write [" + real.resolve("notes/otters.md") + "]. Allow? [o]nce, [s]ession,"
              + " [a]lways, [d]eny, [n]ever: once",
          "saved notes/otters.md", "status:0"),
          screen.lines().dropWhile(line -> !line.startsWith("capsule [notes]")).filter(line -> !line.isBlank())
              .toList());
    }
  }

  /** The oldest question waiting for the human other than {@code answered}, waiting up to {@link #TIMEOUT}. */
  private static ApprovalRequest nextQuestion(PendingApprovals human, String answered) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      Optional<ApprovalRequest> next = human.pending().stream().filter(r -> !r.id().equals(answered)).findFirst();
      if (next.isPresent()) {
        return next.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no approval request within " + TIMEOUT);
      }
      Thread.onSpinWait();
    }
  }
}
