package io.astrid.capsule.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The claim a command that docks capsules makes on the state directory (approvals, the audit log,
 * capsules' key-value data), held until the JVM exits. The stores there allow one runtime at a
 * time; without the claim a second runtime fails deep inside the security gate, with stack traces
 * and a 30 s wait for services that never come. With it, the second one stops at once and says
 * which process holds the directory and how to give it a directory of its own.
 */
final class StateLock {
  static final String FILE_NAME = "runtime.lock";

  private static final Map<Path, FileLock> HELD = new HashMap<>();

  private StateLock() {}

  /**
   * Claims {@code directory} for this JVM (again: nothing to do).
   *
   * @throws IllegalStateException when another process holds it
   */
  static synchronized void claim(Path directory) {
    Path normalized = directory.toAbsolutePath().normalize();
    if (HELD.containsKey(normalized)) {
      return;
    }
    try {
      Files.createDirectories(normalized);
      FileChannel channel = FileChannel.open(normalized.resolve(FILE_NAME), StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        throw new IllegalStateException("the state directory " + normalized + " is in use by another capsule"
            + " runtime" + holder + "; stop that one first, or give this one a directory of its own with"
            + " CAPSULE_JAVA_OPTS=-Dastrid.state.dir=DIR");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(false);
      HELD.put(normalized, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("the state directory " + normalized + " cannot be claimed: " + e.getMessage(), e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) { // held by this JVM under another path to the same file
      return null;
    }
  }

  /** " (pid N)" as the holder wrote it, or nothing when it cannot be read. */
  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer content = ByteBuffer.allocate(64);
    channel.read(content, 0);
    String text = new String(content.array(), 0, content.position(), StandardCharsets.UTF_8).strip();
    return text.matches("pid \\d+") ? " (" + text + ")" : "";
  }
}
