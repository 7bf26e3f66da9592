package io.astrid.capsule.engine.wasm;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends guest calls that run past their timeout. One timer looks at every loaded plugin every
 * {@value #TICK_MS} ms, so starting a call costs a release store of its number instead of
 * scheduling and cancelling a timer (which was most of a cheap call's time) or reading a clock. A
 * timeout is thus enforced within a tick after it is due. Interrupting can take a moment, so it
 * runs on a thread of its own.
 *
 * <p>The engine factory owns one and closes it when it is deactivated: its timer thread must not
 * outlive the bundle, or each update of the engine would leave a thread ticking that pins the old
 * bundle's class loader (issue 13, finding 9).
 */
final class CallWatchdog implements AutoCloseable {
  static final long TICK_MS = 10;

  /** The longest a module's initializer may run. */
  static final Duration INITIALIZER_TIMEOUT = Duration.ofSeconds(10);

  /** The name of the timer thread. */
  static final String THREAD_NAME = "wasm-watchdog";

  private final Set<WasmPlugin> plugins = ConcurrentHashMap.newKeySet();
  private final Set<WasmPlugin> interrupting = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name(THREAD_NAME).factory());

  CallWatchdog() {
    timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
  }

  /** Watches {@code plugin} from now until it is closed. */
  void watch(WasmPlugin plugin) {
    plugins.add(plugin);
  }

  private void tick() {
    long now = System.nanoTime();
    for (WasmPlugin plugin : plugins) {
      if (plugin.closed()) {
        plugins.remove(plugin);
      } else if (plugin.overdue(now) && interrupting.add(plugin)) {
        Thread.ofVirtual().name("wasm-interrupt-" + plugin).start(() -> {
          try {
            plugin.interrupt();
          } finally {
            interrupting.remove(plugin);
          }
        });
      }
    }
  }

  /** Stops the timer and waits for its thread to end; plugins still loaded are no longer watched. */
  @Override
  public void close() {
    timer.shutdownNow();
    plugins.clear();
    try {
      if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException(THREAD_NAME + " did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
