package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a {@code capsule call} that runs in the running runtime and needs an approval is asked at
 * {@code capsule run}'s terminal (its console approver), not at its own; it waits, then prints the
 * result. Its arguments come from its standard input ({@code -}), read by the one-shot command and sent
 * along.
 */
class Issue14RemoteApprovalIT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void anApprovalOfARemoteCallIsAnsweredAtRunsTerminalAndTheCallThenAnswers(@TempDir Path temp) throws Exception {
    Path root = Files.createDirectories(temp.resolve("capsules"));
    Path notes = Files.createDirectories(root.resolve("notes"));
    for (String file : List.of(CapsuleManifest.FILE_NAME, "notes.wasm")) {
      Files.copy(CapsuleCli.EXAMPLES.resolve("notes").resolve(file), notes.resolve(file));
    }
    Path workspace = Files.createDirectories(temp.resolve("workspace"));
    Path conf = Files.createDirectories(temp.resolve("conf"));
    Files.writeString(conf.resolve("io.astrid.capsule.security.cfg"), "approval.fs_write = ask\n");
    Files.writeString(conf.resolve("io.astrid.capsule.engine.wasm.cfg"), "workspace = " + workspace + "\n");
    Files.writeString(conf.resolve("io.astrid.capsule.gateway.cfg"), "gateway.http.port = "
        + GatewayRuntime.freePort() + "\n");
    String javaOptions = "-Dcapsule.conf=" + conf + " -Dastrid.state.dir=" + temp.resolve("state");
    String run = "JAVA_HOME=" + System.getProperty("java.home") + " CAPSULE_JAVA_OPTS='" + javaOptions + "' "
        + DISTRIBUTION.resolve("bin/capsule") + " run " + root;
    String question = "Allow? [o]nce, [s]ession, [a]lways, [d]eny, [n]ever:";
    try (Terminal terminal = Terminal.start(workspace, 250, 50, run)) {
      terminal.await("running; watching for changes", 1, TIMEOUT);
      CompletableFuture<CapsuleCli.Run> call = CompletableFuture.supplyAsync(() -> {
        try {
          return CapsuleCli.capsuleWithInput(workspace, Map.of("CAPSULE_JAVA_OPTS", javaOptions),
              "{\"name\": \"otters\", \"text\": \"hold hands\"}".getBytes(StandardCharsets.UTF_8),
              "call", "capsule:notes:note_save", "-", "-r", root.toString());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      terminal.await(question, 1, TIMEOUT);
      assertFalse(call.isDone(), "the call waits for the human at run's terminal");
      terminal.type("o", "Enter");
      terminal.await(question, 2, TIMEOUT);
      terminal.type("once", "Enter");
      CapsuleCli.Run answered = call.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      assertEquals(new CapsuleCli.Run(0, List.of("saved notes/otters.md"), List.of()), answered);
      assertEquals("hold hands", Files.readString(workspace.resolve("notes/otters.md")));
      Path real = workspace.toRealPath();
      assertEquals(List.of(
          "capsule [notes] wants fs_write [" + real.resolve("notes") + "]. Allow? [o]nce, [s]ession, [a]lways,"
              + " [d]eny, [n]ever: o",
          "capsule [notes] wants fs_write [" + real.resolve("notes/otters.md") + "]. Allow? [o]nce, [s]ession,"
              + " [a]lways, [d]eny, [n]ever: once"),
          terminal.screen().lines().filter(line -> line.startsWith("capsule [notes] wants")).toList());
    }
  }
}
