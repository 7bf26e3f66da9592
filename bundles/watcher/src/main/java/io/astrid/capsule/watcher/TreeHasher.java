package io.astrid.capsule.watcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * The blake3 tree hash of a capsule directory. Files are taken in the order of their relative
 * paths (with {@code /} separators); each contributes its path's length and bytes, its size, and
 * the blake3 digest of its content, so a rename changes the hash as an edit does. Per-file
 * digests are cached by (size, modification time, file key): an unchanged file is not read
 * again. Directories with an ignored name are left out, and symbolic links are not followed.
 */
final class TreeHasher {
  static final String PREFIX = "blake3:";
  private static final int DIGEST_BYTES = 32;
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Set<String> ignored;
  private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(long size, FileTime modified, Object fileKey, byte[] digest) {}

  private record Entry(String relative, Path file, BasicFileAttributes attributes) {}

  TreeHasher(Set<String> ignoredNames) {
    this.ignored = Set.copyOf(ignoredNames);
  }

  boolean isIgnored(String name) {
    return ignored.contains(name);
  }

  /** {@code blake3:} and the hex digest of the tree under {@code directory}. */
  String hash(Path directory) {
    List<Entry> files = files(directory);
    files.sort((a, b) -> a.relative().compareTo(b.relative()));
    // Digests of changed files are computed in parallel: content hashing is the cost, and files are independent.
    List<byte[]> digests = files.parallelStream().map(this::contentDigest).toList();
    Blake3Digest tree = new Blake3Digest(DIGEST_BYTES * 8);
    ByteBuffer lengths = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < files.size(); i++) {
      Entry entry = files.get(i);
      byte[] path = entry.relative().getBytes(StandardCharsets.UTF_8);
      update(tree, lengths.clear().putLong(path.length));
      tree.update(path, 0, path.length);
      update(tree, lengths.clear().putLong(entry.attributes().size()));
      tree.update(digests.get(i), 0, DIGEST_BYTES);
    }
    byte[] out = new byte[DIGEST_BYTES];
    tree.doFinal(out, 0);
    return PREFIX + HexFormat.of().formatHex(out);
  }

  /** Forgets the cached digests under {@code directory} (it was removed). */
  void forget(Path directory) {
    cache.keySet().removeIf(p -> p.startsWith(directory));
  }

  private byte[] contentDigest(Entry entry) {
    BasicFileAttributes a = entry.attributes();
    FileTime modified = a.lastModifiedTime();
    Cached cached = cache.get(entry.file());
    if (cached != null && cached.size() == a.size() && cached.modified().equals(modified)
        && Objects.equals(cached.fileKey(), a.fileKey())) {
      return cached.digest();
    }
    byte[] digest = digestOf(entry.file());
    cache.put(entry.file(), new Cached(a.size(), modified, a.fileKey(), digest));
    return digest;
  }

  private static byte[] digestOf(Path file) {
    Blake3Digest digest = new Blake3Digest(DIGEST_BYTES * 8);
    byte[] buffer = new byte[BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read [" + file + "] to hash it", e);
    }
    byte[] out = new byte[DIGEST_BYTES];
    digest.doFinal(out, 0);
    return out;
  }

  private List<Entry> files(Path directory) {
    List<Entry> files = new ArrayList<>();
    try {
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(directory) && isIgnored(dir.getFileName().toString())
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            String relative = directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            files.add(new Entry(relative, file, attrs));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          // A file deleted while the tree is walked: the next event hashes again.
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk [" + directory + "] to hash it", e);
    }
    return files;
  }

  private static void update(Blake3Digest digest, ByteBuffer buffer) {
    digest.update(buffer.array(), 0, 8);
  }
}
