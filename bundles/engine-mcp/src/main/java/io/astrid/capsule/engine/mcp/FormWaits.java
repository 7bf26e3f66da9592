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
 * server stands still, and once the requesting thread sees a form waiting it waits on inside
 * {@link HumanWait#during}, which pauses the registry's call timeout too, as the gate's approval requests do. A
 * request without forms waits as it would without this class: nothing is registered per request. Thread-safe.
 */
final class FormWaits {
  private int waiting; // guarded by this
  private long pausedNanos; // guarded by this
  private long since; // guarded by this

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
   * human meanwhile. While no form waits, the calling thread reads the response itself when {@code selfRead} lets
   * it; otherwise it parks.
   */
  <T> T await(CompletableFuture<T> response, Duration timeout, JsonRpcPeer.SelfRead selfRead)
      throws InterruptedException, ExecutionException, TimeoutException {
    long start = System.nanoTime();
    long pausedAtStart = paused(start);
    while (true) {
      long now = System.nanoTime();
      long left = timeout.toNanos() - (now - start - (paused(now) - pausedAtStart));
      if (response.isDone()) {
        return response.get();
      }
      if (left <= 0) {
        throw new TimeoutException();
      }
      if (!formWaiting() && !Thread.currentThread().isInterrupted()
          && selfRead.readUntil(response, left, this::formWaiting)) {
        continue;
      }
      selfRead.parking();
      try {
        return formWaiting() ? humanWait(response, left) : response.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // Look again: the time a form waited meanwhile is given back.
      } finally {
        selfRead.unparked();
      }
    }
  }

  /** Waits up to {@code nanos} for {@code response} with the calling thread marked as waiting for a human. */
  private static <T> T humanWait(CompletableFuture<T> response, long nanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    Exception[] failed = new Exception[1];
    T result = HumanWait.during(() -> {
      try {
        return response.get(nanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException | ExecutionException | TimeoutException e) {
        failed[0] = e;
        return null;
      }
    });
    if (failed[0] instanceof InterruptedException e) {
      throw e;
    }
    if (failed[0] instanceof ExecutionException e) {
      throw e;
    }
    if (failed[0] instanceof TimeoutException e) {
      throw e;
    }
    return result;
  }

  private synchronized boolean formWaiting() {
    return waiting > 0;
  }

  /** The nanoseconds forms of the server have waited up to {@code now}, one in progress included. */
  private synchronized long paused(long now) {
    return waiting > 0 ? pausedNanos + (now - since) : pausedNanos;
  }

  private synchronized void change(int forms) {
    long now = System.nanoTime();
    if (waiting == 0) {
      since = now;
    }
    waiting += forms;
    if (waiting == 0) {
      pausedNanos += now - since;
    }
  }
}
