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
 * scheduling and cancelling a timer (which was most of a cheap call's time) or reading a clock. A timeout is thus
 * enforced within a tick after it is due. Interrupting can take a moment, so it runs on a thread
 * of its own.
 */
final class CallWatchdog {
  static final long TICK_MS = 10;

  /** The longest a module's initializer may run. */
  static final Duration INITIALIZER_TIMEOUT = Duration.ofSeconds(10);

  private static final Set<WasmPlugin> PLUGINS = ConcurrentHashMap.newKeySet();
  private static final Set<WasmPlugin> INTERRUPTING = ConcurrentHashMap.newKeySet();
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("wasm-watchdog").factory());

  static {
    TIMER.scheduleWithFixedDelay(CallWatchdog::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
  }

  private CallWatchdog() {}

  /** Watches {@code plugin} from now until it is closed. */
  static void watch(WasmPlugin plugin) {
    PLUGINS.add(plugin);
  }

  private static void tick() {
    long now = System.nanoTime();
    for (WasmPlugin plugin : PLUGINS) {
      if (plugin.closed()) {
        PLUGINS.remove(plugin);
      } else if (plugin.overdue(now) && INTERRUPTING.add(plugin)) {
        Thread.ofVirtual().name("wasm-interrupt-" + plugin).start(() -> {
          try {
            plugin.interrupt();
          } finally {
            INTERRUPTING.remove(plugin);
          }
        });
      }
    }
  }
}
