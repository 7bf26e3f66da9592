package io.astrid.capsule.engine.mcp;

import io.astrid.capsule.api.security.HumanWait;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The forms of one server waiting for a human (issue 18), and the waits of its requests that they pause. A
 * server that asks a human during a tool call ({@code elicitation/create}) keeps that call open until the human
 * answers, which may take minutes ({@code mcp.elicitation.timeout.ms}); the call's {@code mcp.call.timeout.ms}
 * is for the server's own work. So while a form of the server waits, the clock of each request waiting for the
 * server stands still, and the requesting thread waits inside {@link HumanWait#during}, which pauses the
 * registry's call timeout too, as the gate's approval requests do. Thread-safe.
 */
final class FormWaits {
  private int waiting; // guarded by this
  /** Completed, and replaced, whenever a form begins or ends. */
  private CompletableFuture<Void> changed = new CompletableFuture<>(); // guarded by this

  /** Runs {@code form} (a human filling in a form of the server) with the server's request clocks paused. */
  <T> T during(Supplier<T> form) {
    change(1);
    try {
      return form.get();
    } finally {
      change(-1);
    }
  }

  /**
   * The result of {@code response} within {@code timeout}, not counting the time forms of the server waited for a
   * human meanwhile.
   */
  <T> T await(CompletableFuture<T> response, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    HumanWait account = HumanWait.ofCurrentThread();
    long start = System.nanoTime();
    long pausedAtStart = account.waitedNanos(start);
    while (true) {
      CompletableFuture<Void> change;
      boolean paused;
      synchronized (this) {
        change = changed;
        paused = waiting > 0;
      }
      CompletableFuture<Object> either = CompletableFuture.anyOf(response, change);
      if (paused) {
        // Interruptible (a cancelled call), unlike join: the interrupt is passed on as the peer expects it.
        boolean interrupted = HumanWait.during(() -> {
          try {
            either.handle((value, failure) -> value).get();
            return false;
          } catch (InterruptedException | ExecutionException e) {
            return e instanceof InterruptedException;
          }
        });
        if (interrupted) {
          throw new InterruptedException();
        }
      } else {
        long now = System.nanoTime();
        long left = timeout.toNanos() - (now - start - (account.waitedNanos(now) - pausedAtStart));
        if (left <= 0) {
          throw new TimeoutException();
        }
        try {
          either.get(left, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          // The response failed: its own get below says how.
        }
      }
      if (response.isDone()) {
        return response.get();
      }
    }
  }

  private synchronized void change(int forms) {
    waiting += forms;
    changed.complete(null);
    changed = new CompletableFuture<>();
  }
}
