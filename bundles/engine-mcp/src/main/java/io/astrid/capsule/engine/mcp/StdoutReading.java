package io.astrid.capsule.engine.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Who reads a stdio server's stdout, one thread at a time, each line going to the {@link JsonRpcPeer}.
 *
 * <p>A caller waiting for its response reads the pipe itself when no one else is reading: the
 * response then wakes the one thread that wants it, as a Node client's event loop does, instead of
 * waking a reader thread that wakes the caller (issue 18: that second wake-up was most of what
 * made a call slower than the TypeScript SDK's). The caller still keeps its deadline, for the
 * pipe is {@link PolledPipe polled}, and it looks up every {@link #LOOK_UP} to step aside for a
 * form, or to see that it was interrupted (the registry's call timeout). Only platform threads read
 * so: a virtual thread blocked in {@code poll(2)} would hold its carrier.
 *
 * <p>The server's reader thread reads whenever callers park instead (several waiting at once, a form
 * open, a virtual thread calling), and whenever no call has come for {@link #IDLE}: notifications,
 * server requests and the server's exit are seen between calls too. It alone reports the end of the
 * stream. Where the pipe cannot be polled, it reads everything.
 */
final class StdoutReading implements JsonRpcPeer.SelfRead {
  /** How long after the last call the reader thread takes over the reading. */
  static final Duration IDLE = Duration.ofMillis(20);

  /** How long a caller reading waits on the pipe before it looks whether it should stop. */
  static final Duration LOOK_UP = Duration.ofMillis(20);

  private final Optional<PolledPipe> pipe;
  private final BoundedLines lines;
  private final JsonRpcPeer peer;
  private final int maxLineBytes;
  private final Consumer<Throwable> failed;
  private final Logger log;
  private final ReentrantLock reading = new ReentrantLock();
  /** The reader thread waits on it for its turn. */
  private final Object turn = new Object();
  private final AtomicInteger parked = new AtomicInteger();
  private volatile long lastCall = System.nanoTime();
  private volatile boolean ended;

  /**
   * @param failed told when handling a line failed (the server is then ended, as a reader that cannot go on)
   */
  StdoutReading(Process process, int maxLineBytes, JsonRpcPeer peer, Consumer<Throwable> failed, Logger log) {
    this.pipe = PolledPipe.of(process);
    InputStream in = pipe.<InputStream>map(polled -> polled).orElseGet(process::getInputStream);
    this.lines = new BoundedLines(in, maxLineBytes);
    this.maxLineBytes = maxLineBytes;
    this.peer = peer;
    this.failed = failed;
    this.log = log;
  }

  @Override
  public boolean readUntil(Future<?> done, long nanos, BooleanSupplier stepAside) {
    if (pipe.isEmpty() || ended || Thread.currentThread().isVirtual() || !reading.tryLock()) {
      return false;
    }
    long deadline = System.nanoTime() + nanos;
    try {
      while (!done.isDone() && !ended && !stepAside.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
        long now = System.nanoTime();
        if (now - deadline >= 0) {
          break;
        }
        pipe.get().deadline(now + Math.min(deadline - now, LOOK_UP.toNanos()));
        readLine();
      }
    } finally {
      pipe.get().deadline(PolledPipe.NO_DEADLINE);
      lastCall = System.nanoTime();
      reading.unlock();
      if (ended || parked.get() > 0) {
        wakeReader();
      }
    }
    return true;
  }

  @Override
  public void parking() {
    lastCall = System.nanoTime();
    parked.incrementAndGet();
    wakeReader();
  }

  @Override
  public void unparked() {
    parked.decrementAndGet();
  }

  /**
   * What the server's reader thread does until the stream ends: read when it is its turn.
   * Returns once the stream has ended (or reading it failed).
   */
  void readBetweenCalls() {
    while (awaitTurn()) {
      if (reading.tryLock()) {
        try {
          readLine();
        } finally {
          reading.unlock();
        }
      }
    }
  }

  /** Waits until the reader thread should read; false once the stream has ended. */
  private boolean awaitTurn() {
    synchronized (turn) {
      while (!ended && !readersTurn()) {
        try {
          turn.wait(IDLE.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return !ended;
    }
  }

  /** No caller reads, and a caller has parked for its response, or none has come for a while. */
  private boolean readersTurn() {
    return !reading.isLocked() && (pipe.isEmpty() || parked.get() > 0 && peer.awaitingResponses()
        || System.nanoTime() - lastCall >= IDLE.toNanos());
  }

  private void wakeReader() {
    synchronized (turn) {
      turn.notifyAll();
    }
  }

  /** Reads one line and hands it to the peer; marks the stream ended at its end. Holds {@link #reading}. */
  private void readLine() {
    try {
      Optional<BoundedLines.Line> line = lines.next();
      if (line.isEmpty()) {
        ended = true;
      } else if (line.get().droppedBytes() == 0) {
        peer.receive(line.get().text());
      } else {
        peer.dropped(line.get().length(), line.get().head(), line.get().tail(), maxLineBytes);
      }
    } catch (PolledPipe.DeadlinePassed e) {
      // Nothing came in time: the caller looks whether to go on.
    } catch (IOException e) {
      log.debug("stdout closed: {}", e.getMessage());
      ended = true;
    } catch (RuntimeException | Error e) {
      ended = true;
      failed.accept(e);
    }
  }
}
