package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19, the notes example: a missing note fails the call; the files it writes follow the user's umask. */
class Issue19ExamplesIT {
  private static final String EXAMPLES = System.getProperty("capsule.examples");

  @TempDir
  Path temp;

  @Test
  void readingAMissingNoteExitsNonZeroAndSaysSo() throws Exception {
    CapsuleProcess capsule = new CapsuleProcess(Files.createDirectories(temp.resolve("workspace")), temp.resolve("h"));

    CapsuleProcess.Run run = capsule.run("-q", "call", "capsule:notes:note_read", "{\"name\": \"beavers\"}", "-r",
        EXAMPLES);

    assertEquals(3, run.exit(), run.out().toString()); // a tool that failed (docs/cli.md)
    assertEquals(List.of("note_read: no note named beavers"), run.err());
  }

  @Test
  void savedNotesAndTheirDirectoryFollowTheUmask() throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("workspace"));
    CapsuleProcess capsule = new CapsuleProcess(workspace, temp.resolve("home")).withUmask("002");

    CapsuleProcess.Run run = capsule.run("-q", "call", "capsule:notes:note_save",
        "{\"name\": \"otters\", \"text\": \"They hold hands.\"}", "-r", EXAMPLES);

    assertEquals(0, run.exit(), run.err().toString());
    assertEquals("rwxrwxr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(workspace.resolve("notes"))));
    assertEquals("rw-rw-r--", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(workspace.resolve("notes/otters.md"))));
  }
}
