package io.astrid.capsule.core.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a manifest names must stay inside the capsule directory, whatever the spelling. */
class CapsulePathsTest {
  @TempDir
  Path temp;

  private Path capsule;
  private CapsulePaths paths;

  @BeforeEach
  void capsuleWithOneFile() throws IOException {
    capsule = Files.createDirectories(temp.resolve("capsule"));
    Files.writeString(Files.createDirectories(capsule.resolve("docs")).resolve("guide.md"), "guide");
    Files.writeString(temp.resolve("secret.txt"), "outside");
    paths = new CapsulePaths(capsule);
  }

  @Test
  void aFileInsideIsAccepted() {
    assertEquals(Optional.empty(), paths.problemWithFile("docs/guide.md"));
    assertEquals(Optional.empty(), paths.problemWithFile("./docs/guide.md"));
  }

  @Test
  void aLinkThatStaysInsideIsAccepted() throws IOException {
    Files.createSymbolicLink(capsule.resolve("guide-link.md"), capsule.resolve("docs/guide.md"));
    assertEquals(Optional.empty(), paths.problemWithFile("guide-link.md"));
  }

  @Test
  void parentStepsAndAbsolutePathsAreRefusedBeforeTheDiskIsAsked() {
    assertEquals(Optional.of("contains \"..\", expected a path inside the capsule directory"),
        paths.problemWithFile("../secret.txt"));
    assertEquals(Optional.of("contains \"..\", expected a path inside the capsule directory"),
        paths.problemWithFile("docs/../../secret.txt"));
    assertEquals(Optional.of("is absolute, expected a path relative to the capsule directory"),
        paths.problemWithFile(temp.resolve("secret.txt").toString()));
    assertEquals(Optional.of("is absolute, expected a path relative to the capsule directory"),
        paths.problemWithFile("~/secret.txt"));
  }

  @Test
  void aLinkLeadingOutsideIsRefusedAndNamesItsTarget() throws IOException {
    Files.createSymbolicLink(capsule.resolve("escape.md"), temp.resolve("secret.txt"));
    Files.createSymbolicLink(capsule.resolve("escape-dir"), temp);

    assertEquals(Optional.of("leaves the capsule directory through a symbolic link (to "
        + temp.resolve("secret.txt").toRealPath() + ")"), paths.problemWithFile("escape.md"));
    assertEquals(Optional.of("leaves the capsule directory through a symbolic link (to "
        + temp.resolve("secret.txt").toRealPath() + ")"), paths.problemWithFile("escape-dir/secret.txt"));
  }

  @Test
  void aLinkLoopAndADanglingLinkAreReportedNotFollowedForever() throws IOException {
    Files.createSymbolicLink(capsule.resolve("a"), capsule.resolve("b"));
    Files.createSymbolicLink(capsule.resolve("b"), capsule.resolve("a"));
    Files.createSymbolicLink(capsule.resolve("dangling"), capsule.resolve("nothing-here"));

    // The JDK's own words for a loop vary by platform; the start of the message does not.
    String loop = paths.problemWithFile("a").orElseThrow();
    assertTrue(loop.startsWith("cannot be resolved: Too many levels of symbolic links"), loop);
    assertEquals(Optional.of("is a symbolic link to nothing (" + capsule.resolve("dangling") + ")"),
        paths.problemWithFile("dangling"));
  }

  @Test
  void missingFilesDirectoriesAndBadSpellingsAreRefused() {
    assertEquals(Optional.of("does not exist in the capsule directory"), paths.problemWithFile("docs/none.md"));
    assertEquals(Optional.of("is not a regular file"), paths.problemWithFile("docs"));
    assertEquals(Optional.of("is empty, expected a path inside the capsule directory"), paths.problemWithFile(""));
    assertEquals(Optional.of("is not a valid path: Nul character not allowed"), paths.problemWithFile("a\0b"));
  }
}
