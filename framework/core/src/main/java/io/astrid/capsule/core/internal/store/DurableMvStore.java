package io.astrid.capsule.core.internal.store;

import io.astrid.capsule.api.CapsuleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MVStore file whose every read and write runs on a thread of its own, for three reasons (issue 13):
 *
 * <ul>
 *   <li>No caller's thread touches the file. A call's timeout interrupts its thread, and an interrupt
 *       during {@code FileChannel} I/O closes the channel and with it the store, for every capsule. A caller
 *       waits for its result interruptibly; the I/O itself is never interrupted.
 *   <li>A write is acknowledged only after it is committed and synced ({@code force}) to the disk, so
 *       it survives SIGKILL and power loss. Writes queued while one is being synced are committed and
 *       synced together (group commit): one sync per group, not per write.
 *   <li>Chunks are only ever appended, never written over dead ones (in a single-writer SIGKILL loop,
 *       space reuse lost an acknowledged write about once in 25 kills), and the store starts from a
 *       fresh copy of its file (see the constructor). Space is reclaimed while running by
 *       copying the live data to a new file that replaces the old one, whenever the file has grown to
 *       twice its size after the last copy (and past {@link #COMPACT_MIN_BYTES}): the file stays within
 *       about twice its live data, at a copying cost of at most one byte per byte appended.
 * </ul>
 *
 * <p>A store that closes anyway (a failed write makes MVStore close itself) is reopened from its file
 * before the next operation; what was not acknowledged is lost, what was acknowledged is there.
 *
 * <p>Operations run one at a time on the store thread, so the state they keep beside the store (such
 * as usage counters) needs no lock; {@code onReopen} is told when that state must be rebuilt.
 */
public final class DurableMvStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DurableMvStore.class);
  /** A file smaller than this is never compacted: copying it would cost more than the space it frees. */
  static final long COMPACT_MIN_BYTES = 1 << 20;
  /** The most writes committed by one sync, so that a flood of writes still acknowledges in steps. */
  private static final int MAX_GROUP = 256;

  /** An operation on the open store; it runs on the store thread. */
  @FunctionalInterface
  public interface Operation<T> {
    T apply(MVStore store);
  }

  private record Task<T>(Operation<T> operation, boolean write, CompletableFuture<T> result) {
    void run(MVStore store, List<Runnable> acknowledgements) {
      T value = operation.apply(store);
      if (write) {
        acknowledgements.add(() -> result.complete(value));
      } else {
        result.complete(value);
      }
    }
  }

  private static final Task<Void> STOP = new Task<>(store -> null, false, new CompletableFuture<>());

  private final Path file;
  private final Runnable onReopen;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private boolean closing;
  /** Confined to the store thread after the constructor. */
  private MVStore store;
  /** The file's size after the last compaction (the first is at open). */
  private long compactedBytes;

  /**
   * Opens (or creates) {@code file} and starts its thread, named {@code threadName}.
   *
   * @param onReopen runs on the store thread after the store was reopened, to drop state derived from it
   */
  public DurableMvStore(Path file, String threadName, Runnable onReopen) {
    this.file = file.toAbsolutePath();
    this.onReopen = onReopen;
    try {
      Files.createDirectories(this.file.getParent());
    } catch (IOException e) {
      throw new CapsuleException("store [" + this.file + "]: cannot create its directory", e);
    }
    this.store = open(this.file);
    // A file left by a process that was killed may hold a complete chunk that MVStore's recovery did not
    // take as the newest; the chunks written next reuse its id and version, and a later recovery can read
    // the leftover in place of one of them (the SIGKILL soak lost the first writes after a restart so).
    // A fresh copy leaves nothing behind.
    compact();
    this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::serve);
    thread.start();
  }

  private static MVStore open(Path file) {
    MVStore opened = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
    // Append only: see the class comment (issue 13, finding 2).
    opened.setReuseSpace(false);
    return opened;
  }

  /** Runs {@code operation} on the store thread and returns its result. */
  public <T> T read(Operation<T> operation) {
    return submit(operation, false);
  }

  /**
   * Runs {@code operation} on the store thread and returns its result once what it changed is
   * committed and synced to the disk. An exception from {@code operation} is thrown as it is; the
   * operation must then have changed nothing.
   */
  public <T> T write(Operation<T> operation) {
    return submit(operation, true);
  }

  /** The size of the store's file in bytes, as the file system reports it now. */
  public long fileBytes() {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new CapsuleException("store [" + file + "]: cannot read its size", e);
    }
  }

  private <T> T submit(Operation<T> operation, boolean write) {
    CompletableFuture<T> result = new CompletableFuture<>();
    // Under the queue's lock, so that nothing is queued behind the stop task.
    synchronized (queue) {
      if (closing || stopped.isDone()) {
        throw new CapsuleException("store [" + file + "]: closed");
      }
      queue.add(new Task<>(operation, write, result));
    }
    try {
      return result.get();
    } catch (InterruptedException e) {
      // The caller's call timed out: it stops waiting, the operation still completes on the store thread.
      Thread.currentThread().interrupt();
      throw new CapsuleException("store [" + file + "]: interrupted while waiting for the store thread;"
          + " the operation completes without this caller", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new CapsuleException("store [" + file + "]: " + e.getCause(), e.getCause());
    }
  }

  private void serve() {
    try {
      while (true) {
        List<Task<?>> group = new ArrayList<>();
        group.add(queue.take());
        queue.drainTo(group, MAX_GROUP - 1);
        if (!runGroup(group)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // Nothing interrupts this thread but the JVM's end; there is nothing left to do.
      Thread.currentThread().interrupt();
    } finally {
      closeStore();
      failPending();
      stopped.complete(null);
    }
  }

  /** Runs one group of tasks and commits their writes with one sync; false once told to stop. */
  private boolean runGroup(List<Task<?>> group) {
    List<Runnable> acknowledgements = new ArrayList<>();
    List<CompletableFuture<?>> writes = new ArrayList<>();
    boolean stop = false;
    for (Task<?> task : group) {
      if (task == STOP) {
        stop = true;
        continue;
      }
      try {
        reopenIfClosed();
        if (task.write()) {
          writes.add(task.result());
        }
        task.run(store, acknowledgements);
      } catch (RuntimeException e) {
        task.result().completeExceptionally(e);
      }
    }
    if (!acknowledgements.isEmpty()) {
      commitAndSync(acknowledgements, writes);
    }
    return !stop;
  }

  private void commitAndSync(List<Runnable> acknowledgements, List<CompletableFuture<?>> writes) {
    try {
      store.commit();
      store.sync();
    } catch (RuntimeException e) {
      // What is in memory but not on disk must not be committed later behind its callers' backs: the
      // store restarts from its file.
      store.closeImmediately();
      CapsuleException failure = new CapsuleException("store [" + file + "]: commit failed: " + e.getMessage(), e);
      writes.forEach(write -> write.completeExceptionally(failure));
      return;
    }
    acknowledgements.forEach(Runnable::run);
    compactIfGrown();
  }

  private void compactIfGrown() {
    if (fileBytes() > Math.max(COMPACT_MIN_BYTES, 2 * compactedBytes)) {
      compact();
    }
  }

  /**
   * Copies the live data, map by map, to a new file that then replaces the old one by an atomic rename,
   * and reopens the store on it. Everything in it is acknowledged already: until the rename the old
   * file holds it all, after it the new one. (H2's own {@code MVStore.compact(file)} copy lost the
   * newest writes now and then in the SIGKILL soak.)
   */
  private void compact() {
    try {
      Path copy = file.resolveSibling(file.getFileName() + ".compacting");
      Files.deleteIfExists(copy);
      MVStore target = new MVStore.Builder().fileName(copy.toString()).autoCommitDisabled().open();
      try {
        for (String name : store.getMapNames()) {
          target.<Object, Object>openMap(name).putAll(store.<Object, Object>openMap(name));
        }
        target.commit();
        target.sync();
      } finally {
        target.close();
      }
      store.close();
      try {
        Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        store = open(file);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("store [{}]: compaction failed, the store goes on in its file as it is", file, e);
    }
    // After a failure too: not tried again until the file has doubled once more.
    compactedBytes = fileBytes();
  }

  private void reopenIfClosed() {
    if (store.isClosed()) {
      store = open(file);
      onReopen.run();
    }
  }

  private void closeStore() {
    if (!store.isClosed()) {
      store.close();
    }
  }

  /** Only an Error ending the thread leaves tasks queued; their callers must not wait forever. */
  private void failPending() {
    List<Task<?>> left = new ArrayList<>();
    queue.drainTo(left);
    CapsuleException failure = new CapsuleException("store [" + file + "]: closed");
    left.forEach(task -> task.result().completeExceptionally(failure));
  }

  /** Finishes what is queued, then closes the file; waits for it. */
  @Override
  public void close() {
    synchronized (queue) {
      if (!closing) {
        closing = true;
        queue.add(STOP);
      }
    }
    stopped.join();
  }
}
