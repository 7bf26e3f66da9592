package io.astrid.capsule.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeHasherTest {
  private final TreeHasher hasher = new TreeHasher(Set.of(".git", "node_modules", "target"));

  @TempDir
  Path dir;

  @Test
  void theDigestIsBlake3() {
    // The published BLAKE3 digests of the empty input and of "abc".
    assertEquals("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", blake3(new byte[0]));
    assertEquals("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85", blake3("abc".getBytes()));
  }

  @Test
  void editsRenamesAdditionsAndDeletionsChangeTheHashAndIgnoredDirectoriesDoNot() throws IOException {
    Files.writeString(dir.resolve("Capsule.toml"), "[package]");
    Files.writeString(dir.resolve("a.md"), "alpha");
    String original = hasher.hash(dir);
    assertEquals(original, hasher.hash(dir), "the same tree has the same hash");
    assertEquals(71, original.length());

    Files.createDirectories(dir.resolve("node_modules/x"));
    Files.writeString(dir.resolve("node_modules/x/index.js"), "ignored");
    assertEquals(original, hasher.hash(dir));

    Files.writeString(dir.resolve("a.md"), "alphA");
    String edited = hasher.hash(dir);
    assertNotEquals(original, edited);

    Files.move(dir.resolve("a.md"), dir.resolve("b.md"));
    String renamed = hasher.hash(dir);
    assertNotEquals(edited, renamed, "a rename changes the hash even with the same content");

    Files.writeString(dir.resolve("c.md"), "");
    String added = hasher.hash(dir);
    assertNotEquals(renamed, added, "an empty new file changes the hash");

    Files.delete(dir.resolve("c.md"));
    assertEquals(renamed, hasher.hash(dir));
  }

  @Test
  void anUnchangedFileIsNotReadAgainButAChangedOneIs() throws IOException {
    Path file = Files.writeString(dir.resolve("data.bin"), "same size 1");
    FileTime stamp = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    Files.setLastModifiedTime(file, stamp);
    String first = hasher.hash(dir);

    // Same size and time: the cached digest is trusted, as the cache contract says.
    Files.writeString(file, "same size 2");
    Files.setLastModifiedTime(file, stamp);
    assertEquals(first, hasher.hash(dir));

    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:01Z")));
    assertNotEquals(first, hasher.hash(dir), "a new modification time makes it read again");
  }

  private static String blake3(byte[] input) {
    Blake3Digest digest = new Blake3Digest(256);
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return HexFormat.of().formatHex(out);
  }
}
