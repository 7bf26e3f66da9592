package io.astrid.capsule.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.CapsuleException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: capsule archives and directories are unpacked safely; each hostile entry is refused by name. */
class Issue17CapsuleSourceTest {
  private static final String MANIFEST = "[package]\nname = \"probe\"\nversion = \"1.0.0\"\n";

  @TempDir
  Path temp;

  /** One entry of an archive to write: a file with content, a directory, or a (hard or symbolic) link. */
  private record Entry(String name, byte type, String content) {
    static Entry file(String name, String content) {
      return new Entry(name, TarConstants.LF_NORMAL, content);
    }

    static Entry link(String name, String target) {
      return new Entry(name, TarConstants.LF_SYMLINK, target);
    }
  }

  private Path tarGz(Entry... entries) throws IOException {
    Path archive = temp.resolve("capsule.tar.gz");
    try (OutputStream out = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry entry : entries) {
        TarArchiveEntry tarEntry = new TarArchiveEntry(entry.name(), entry.type(), true);
        byte[] bytes = entry.content().getBytes(StandardCharsets.UTF_8);
        if (entry.type() == TarConstants.LF_NORMAL) {
          tarEntry.setSize(bytes.length);
        } else {
          tarEntry.setLinkName(entry.content());
        }
        tar.putArchiveEntry(tarEntry);
        if (entry.type() == TarConstants.LF_NORMAL) {
          tar.write(bytes);
        }
        tar.closeArchiveEntry();
      }
    }
    return archive;
  }

  private Path zip(boolean symlink, String name, String content) throws IOException {
    Path archive = temp.resolve("capsule.zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(archive)) {
      zip.putArchiveEntry(new ZipArchiveEntry("probe/Capsule.toml"));
      zip.write(MANIFEST.getBytes(StandardCharsets.UTF_8));
      zip.closeArchiveEntry();
      ZipArchiveEntry entry = new ZipArchiveEntry(name);
      if (symlink) {
        entry.setUnixMode(0120777);
      }
      zip.putArchiveEntry(entry);
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeArchiveEntry();
    }
    return archive;
  }

  private String refusal(Path source) {
    return refusal(source, CapsuleSource.MAX_ENTRIES, CapsuleSource.MAX_BYTES);
  }

  private String refusal(Path source, int maxEntries, long maxBytes) {
    return assertThrows(CapsuleException.class,
        () -> CapsuleSource.stage(source, Files.createTempDirectory(temp, "staging-"), maxEntries, maxBytes))
        .getMessage();
  }

  @Test
  void aTarGzWithOneTopDirectoryIsUnpackedAndItsCapsuleFound() throws IOException {
    Path archive = tarGz(Entry.file("probe/Capsule.toml", MANIFEST), Entry.file("probe/docs/a.md", "a"),
        Entry.link("probe/docs/b.md", "a.md"));
    Path staging = Files.createDirectories(temp.resolve("staging"));
    Path capsule = CapsuleSource.stage(archive, staging);
    assertEquals(staging.resolve("probe"), capsule);
    assertEquals(MANIFEST, Files.readString(capsule.resolve("Capsule.toml")));
    assertEquals("a", Files.readString(capsule.resolve("docs/b.md")), "a link inside the capsule is kept");
  }

  @Test
  void aZipWithTheManifestAtItsTopIsUnpacked() throws IOException {
    Path staging = Files.createDirectories(temp.resolve("staging"));
    assertEquals(staging.resolve("probe"), CapsuleSource.stage(zip(false, "probe/a.txt", "a"), staging));
  }

  @Test
  void anAbsoluteEntryIsRefused() throws IOException {
    assertEquals("entry [/etc/cron.d/evil] refused: an absolute path",
        refusal(tarGz(Entry.file("probe/Capsule.toml", MANIFEST), Entry.file("/etc/cron.d/evil", "x"))));
  }

  @Test
  void anEntryClimbingOutIsRefused() throws IOException {
    assertEquals("entry [probe/../../evil.sh] refused: climbs out of the capsule with ..",
        refusal(tarGz(Entry.file("probe/Capsule.toml", MANIFEST), Entry.file("probe/../../evil.sh", "x"))));
    assertEquals("entry [../evil.sh] refused: climbs out of the capsule with ..",
        refusal(zip(false, "../evil.sh", "x")));
  }

  @Test
  void aLinkOutOfTheCapsuleIsRefused() throws IOException {
    assertEquals("entry [probe/passwd] refused: a link out of the capsule (to [/etc/passwd])",
        refusal(tarGz(Entry.file("probe/Capsule.toml", MANIFEST), Entry.link("probe/passwd", "/etc/passwd"))));
    assertEquals("entry [probe/up] refused: a link out of the capsule (to [../../..])",
        refusal(tarGz(Entry.file("probe/Capsule.toml", MANIFEST), Entry.link("probe/up", "../../.."))));
    assertEquals("entry [probe/home] refused: a link out of the capsule (to [../../home])",
        refusal(zip(true, "probe/home", "../../home")));
  }

  @Test
  void aHardLinkIsRefused() throws IOException {
    assertEquals("entry [probe/shadow] refused: a hard link (to [/etc/shadow]); hard links are not unpacked",
        refusal(tarGz(Entry.file("probe/Capsule.toml", MANIFEST),
            new Entry("probe/shadow", TarConstants.LF_LINK, "/etc/shadow"))));
  }

  @Test
  void aDeviceIsRefused() throws IOException {
    assertEquals("entry [probe/null] refused: neither a file, a directory nor a link",
        refusal(tarGz(Entry.file("probe/Capsule.toml", MANIFEST), new Entry("probe/null", TarConstants.LF_CHR, ""))));
  }

  @Test
  void anEntryWrittenThroughALinkIsRefused() throws IOException {
    assertEquals("entry [probe/docs] refused: appears twice",
        refusal(tarGz(Entry.file("probe/Capsule.toml", MANIFEST), Entry.link("probe/docs", "."),
            Entry.file("probe/docs/x", "x"))));
  }

  @Test
  void tooManyEntriesOrTooManyBytesAreRefusedAtTheEntryOverTheCap() throws IOException {
    assertEquals("entry [probe/c] refused: more than 3 entries", refusal(tarGz(Entry.file("probe/Capsule.toml",
        MANIFEST), Entry.file("probe/a", "a"), Entry.file("probe/b", "b"), Entry.file("probe/c", "c")), 3, 1000));
    assertEquals("entry [probe/big] refused: more than 100 bytes unpacked in all", refusal(tarGz(
        Entry.file("probe/Capsule.toml", MANIFEST), Entry.file("probe/big", "x".repeat(200))), 100, 100));
  }

  @Test
  void aDirectoryWithALinkOutIsRefused() throws IOException {
    Path source = Files.createDirectories(temp.resolve("source"));
    Files.writeString(source.resolve("Capsule.toml"), MANIFEST);
    Files.createSymbolicLink(source.resolve("key"), Path.of("/root/.ssh/id_rsa"));
    assertEquals("entry [key] refused: a link out of the capsule (to [/root/.ssh/id_rsa])", refusal(source));
  }

  @Test
  void aSourceWithoutAManifestIsNamed() throws IOException {
    Path archive = tarGz(Entry.file("a/x", "x"), Entry.file("b/y", "y"));
    assertEquals("[" + archive + "]: no Capsule.toml at its top or in its one top directory", refusal(archive));
  }

  @Test
  void nothingButTheStagingDirectoryIsWritten() throws IOException {
    refusal(tarGz(Entry.file("probe/Capsule.toml", MANIFEST), Entry.file("../evil", "x")));
    try (Stream<Path> all = Files.list(temp)) {
      List<Path> left = all.filter(p -> !p.getFileName().toString().equals("capsule.tar.gz")).toList();
      assertEquals(1, left.size(), left.toString());
      assertTrue(left.get(0).getFileName().toString().startsWith("staging-"), left.toString());
      assertTrue(Files.exists(left.get(0).resolve("probe/Capsule.toml")), "the caller deletes the staging directory");
    }
  }
}
