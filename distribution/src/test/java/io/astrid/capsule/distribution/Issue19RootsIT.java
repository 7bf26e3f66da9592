package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.distribution.CapsuleCli.Run;
import io.astrid.capsule.distribution.CapsuleSession.Running;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, roots and shadowing, through bin/capsule: a root named on the command line must be a
 * directory of capsules (missing, a file or a capsule directory is an error that says what to do),
 * a root named twice shadows nothing, {@code run} notices the workspace root created after it
 * started, and a shadowed capsule takes over when the one that shadowed it is removed.
 */
class Issue19RootsIT {
  private static final long TIMEOUT_S = 60;

  @TempDir
  Path temp;

  private CapsuleSession cli() {
    return new CapsuleSession(temp.resolve("home"), "issue19");
  }

  private static Path capsule(Path root, String directory, String name, String version) throws IOException {
    Path dir = Files.createDirectories(root.resolve(directory));
    Files.writeString(dir.resolve("Capsule.toml"), "[package]\nname = \"" + name + "\"\nversion = \"" + version
        + "\"\n");
    return dir;
  }

  @Test
  void aMissingRootNamedOnTheCommandLineIsAnErrorForEveryCommandThatTakesRoots() throws Exception {
    String missing = "capsule: capsule root [missing] does not exist: create it, or name a directory whose"
        + " subdirectories are capsules";
    for (List<String> args : List.of(List.of("list", "missing"), List.of("run", "missing"),
        List.of("tools", "--root", "missing"), List.of("inspect", "any", "-r", "missing"))) {
      Run result = cli().run(temp, args.toArray(String[]::new));
      assertEquals(List.of(missing), result.err(), args.toString());
      assertEquals(List.of(), result.out(), args.toString());
      assertEquals(1, result.exit(), args.toString());
    }
  }

  @Test
  void aFileOrACapsuleDirectoryNamedAsARootIsAnErrorThatSaysWhatToDo() throws Exception {
    Files.writeString(temp.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
    capsule(temp.resolve("examples"), "notes", "notes", "1.0.0");

    Run file = cli().run(temp, "list", "passwd");
    assertEquals(List.of("capsule: capsule root [passwd] is not a directory: a root is a directory whose"
        + " subdirectories are capsules"), file.err());
    assertEquals(1, file.exit());

    Run capsuleDirectory = cli().run(temp, "list", "examples/notes");
    assertEquals(List.of("capsule: capsule root [examples/notes] is a capsule directory, not a root: name its"
        + " parent [examples] to use the capsules there"), capsuleDirectory.err());
    assertEquals(1, capsuleDirectory.exit());
  }

  @Test
  void aRootNamedTwiceListsEachCapsuleOnceWithoutAWarning() throws Exception {
    capsule(temp.resolve("examples"), "notes", "notes", "1.0.0");

    Run list = cli().run(temp, "list", "examples", "examples");

    assertEquals(List.of("NAME   VERSION  AFTER  DIRECTORY       SECTIONS",
        "notes  1.0.0    -      examples/notes  package"), list.out());
    assertEquals(List.of(), list.err());
    assertEquals(0, list.exit());
  }

  @Test
  void runNoticesTheWorkspaceRootCreatedAfterItStarted() throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("workspace"));

    try (Running run = cli().start(workspace)) {
      run.await("running; watching for changes; press Ctrl-C to stop"::equals, TIMEOUT_S);
      capsule(workspace.resolve(".astrid/plugins"), "late", "late", "1.0.0");
      run.await("reload: late added: READY"::equals, TIMEOUT_S);
    }
  }

  @Test
  void aShadowedCapsuleTakesOverWhenTheOneShadowingItIsRemoved() throws Exception {
    Path first = capsule(temp.resolve("first"), "tool", "tool", "1.0.0");
    capsule(temp.resolve("second"), "tool-copy", "tool", "2.0.0");

    try (Running run = cli().start(temp, "first", "second")) {
      run.await("running; watching for changes; press Ctrl-C to stop"::equals, TIMEOUT_S);
      assertEquals(List.of("warning: duplicate capsule [tool]: second/tool-copy is shadowed by first/tool"),
          run.seen().stream().filter(l -> l.startsWith("warning:")).toList());

      CapsuleSession.deleteTree(first);

      String takeover = run.await(l -> l.startsWith("reload: tool removed"), TIMEOUT_S);
      assertEquals("reload: tool removed: unloaded; the capsule from "
          + temp.resolve("second/tool-copy").toAbsolutePath() + " takes over: READY", takeover);
    }
  }
}
