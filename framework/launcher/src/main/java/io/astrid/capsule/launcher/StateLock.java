package io.astrid.capsule.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
   * Claims {@code directory} for this JVM (again: nothing to do). When another process holds it, says so
   * on {@code err} and waits up to {@code wait} for it to be freed, on the lock itself.
   *
   * @throws CommandFailure with {@link ExitCodes#BUSY} when it is still held after {@code wait}
   */
  static synchronized void claim(Path directory, Duration wait, PrintWriter err) {
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
        String inUse = "the state directory " + normalized + " is in use by another capsule runtime" + holder(channel);
        if (wait.isPositive()) {
          err.println("capsule: " + inUse + "; waiting up to " + wait.toSeconds() + " s for it (--wait)");
          err.flush();
          lock = lockWithin(channel, wait);
        }
        if (lock == null) {
          channel.close();
          throw new CommandFailure(ExitCodes.BUSY, inUse + (wait.isPositive()
              ? " and was not freed within " + wait.toSeconds() + " s; stop that one first"
              : "; stop that one first, wait for it with --wait SECONDS")
              + ", or give this one a directory of its own with CAPSULE_JAVA_OPTS=-Dastrid.state.dir=DIR");
        }
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(false);
      HELD.put(normalized, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("the state directory " + normalized + " cannot be claimed: " + e.getMessage(), e);
    }
  }

  /**
   * The lock, taken as soon as its holder lets go, or null after {@code wait}: a blocking
   * {@link FileChannel#lock()} on a thread of its own, ended by closing the channel when the time is up.
   */
  private static FileLock lockWithin(FileChannel channel, Duration wait) throws IOException {
    CompletableFuture<FileLock> taken = new CompletableFuture<>();
    // A platform thread: closing the channel signals it out of its blocking lock call; a virtual thread
    // blocked there is not signalled, and the close would wait for it forever.
    Thread locker = Thread.ofPlatform().daemon().name("state-lock-wait").start(() -> {
      try {
        taken.complete(channel.lock());
      } catch (IOException | RuntimeException e) { // closed when the time was up, or held by this JVM
        taken.completeExceptionally(e);
      }
    });
    try {
      return taken.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      channel.close();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.close();
      throw new CommandFailure(ExitCodes.INTERRUPTED, "interrupted while waiting for the state directory");
    } finally {
      locker.interrupt();
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
