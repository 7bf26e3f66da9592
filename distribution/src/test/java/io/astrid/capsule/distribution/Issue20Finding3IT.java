package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, finding 3: an approval asked during a wasm call was abandoned when the call timed out
 * (10 s) while the prompt said 120 s. Here {@code capsule call} asks on its terminal and the human answers there
 * (the call outliving its timeouts while it waits is itests' {@code Issue20GateSettingsIT}).
 */
class Issue20Finding3IT {
  // Not a Pax Exam test: bin/capsule runs in a real terminal (tmux) and its question is answered by typing.
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

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
}
