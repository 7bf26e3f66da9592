package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.security.HumanWait;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Times the tool calls that run on their callers' threads, and interrupts a caller's thread when
 * its call runs over the timeout. Time a call's thread spends waiting for a human to approve one
 * of its host calls is not counted (issue 20: the approval timeout bounds that).
 *
 * <p>Why the caller's thread: handing each call to a thread of its own and waiting for its result
 * cost about 25 µs of the pipeline's 45 µs per call (issue 14). Starting a call costs a clock read
 * and an insertion into a concurrent set instead, and no thread is woken: all calls share one
 * timeout, so a call that starts later also ends later, and the watchdog thread, which never
 * sleeps longer than the timeout, is always awake again before the newest call's deadline (a new
 * timeout wakes it, so that holds across a change too).
 *
 * <p>The watchdog fires within about {@value #RECHECK_MS} ms of a deadline. The registry owns one
 * and closes it when it is deactivated; its thread must not outlive the bundle.
 */
final class CallDeadlines implements AutoCloseable {
  /** The name of the watchdog thread. */
  static final String THREAD_NAME = "capsule-call-watchdog";

  /** The shortest sleep: a call with little time left, paused for a human, is not polled in a spin. */
  private static final long RECHECK_MS = 10;

  /** Changed by {@link #timeout(Duration)}; each call keeps the timeout it started with. */
  private volatile long timeoutNanos;
  private final Set<Call> running = ConcurrentHashMap.newKeySet();
  private final Thread watchdog;
  private volatile boolean closed;

  /** Starts the watchdog thread for calls of at most {@code timeout}. */
  CallDeadlines(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    this.watchdog = Thread.ofPlatform().daemon().name(THREAD_NAME).start(this::watch);
  }

  /** The longest a call may run. */
  Duration timeout() {
    return Duration.ofNanos(timeoutNanos);
  }

  /**
   * The timeout of calls started from now on (issue 16: a setting changed live). The watchdog is woken
   * so that it never sleeps past a new, shorter timeout.
   */
  void timeout(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    LockSupport.unpark(watchdog);
  }

  /** Starts timing a call on the calling thread; {@link Call#end()} must follow on that thread. */
  Call start() {
    Call call = new Call(Thread.currentThread(), HumanWait.ofCurrentThread(), System.nanoTime());
    running.add(call);
    return call;
  }

  /** One timed call: the thread running it and its clock. */
  final class Call {
    private final Thread thread;
    private final HumanWait waits;
    private final long start;
    private final long timeout;
    private final long waitedBefore;
    private boolean ended; // guarded by this
    private boolean expired; // guarded by this

    private Call(Thread thread, HumanWait waits, long start) {
      this.thread = thread;
      this.waits = waits;
      this.start = start;
      this.timeout = timeoutNanos;
      this.waitedBefore = waits.waitedNanos(start);
    }

    /**
     * Stops timing the call. When it ran over, the watchdog has interrupted its thread; that
     * interrupt was meant for the call alone and is cleared here.
     *
     * @return true when the call ran over its timeout
     */
    boolean end() {
      running.remove(this);
      boolean over;
      synchronized (this) {
        ended = true;
        over = expired;
      }
      if (over) {
        Thread.interrupted();
      }
      return over;
    }

    /** The timeout this call runs under. */
    Duration timeout() {
      return Duration.ofNanos(timeout);
    }

    private long left(long now) {
      return timeout - (now - start - (waits.waitedNanos(now) - waitedBefore));
    }

    /** Under the lock, so that a call that has just ended never has its thread interrupted. */
    private synchronized void expire() {
      if (!ended) {
        expired = true;
        thread.interrupt();
      }
    }
  }

  private void watch() {
    long recheck = TimeUnit.MILLISECONDS.toNanos(RECHECK_MS);
    while (!closed) {
      long now = System.nanoTime();
      long sleep = timeoutNanos;
      for (Call call : running) {
        long left = call.left(now);
        if (left <= 0) {
          running.remove(call);
          call.expire();
        } else {
          sleep = Math.min(sleep, Math.max(left, recheck));
        }
      }
      LockSupport.parkNanos(this, now + sleep - System.nanoTime());
    }
  }

  /** Stops the watchdog thread and waits for it; calls still running are no longer timed. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(watchdog);
    try {
      if (!watchdog.join(Duration.ofSeconds(5))) {
        throw new IllegalStateException(THREAD_NAME + " did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
