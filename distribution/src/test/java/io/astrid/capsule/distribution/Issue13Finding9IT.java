package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.launcher.EmbeddedFramework;
import io.astrid.capsule.testing.Await;
import io.astrid.capsule.testing.Collectable;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Issue 13, finding 9: the wasm call watchdog's thread belongs to the engine factory component, so
 * an update of the engine bundle stops the old one and leaves nothing of the old bundle running
 * or reachable.
 */
class Issue13Finding9IT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String WATCHDOG = "wasm-watchdog";

  private EmbeddedFramework framework;

  @BeforeEach
  void start() {
    framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"));
  }

  @AfterEach
  void stop() {
    framework.close();
  }

  @Test
  void finding9_anUpdateOfTheWasmEngineLeavesOneWatchdogAndTheOldClassLoaderCollectable() throws Exception {
    framework.service(EngineFactory.class, TIMEOUT); // the engines are up
    Await.until(() -> watchdogThreads().size() == 1, TIMEOUT, "one watchdog thread: " + watchdogThreads());
    Bundle engine = framework.bundle("io.astrid.capsule.engine.wasm").orElseThrow();
    WeakReference<ClassLoader> oldLoader = new WeakReference<>(engine.adapt(BundleWiring.class).getClassLoader());
    Thread oldWatchdog = watchdogThreads().getFirst();

    engine.update();
    refresh(engine);

    assertEquals(false, oldWatchdog.isAlive(), "the old bundle's watchdog thread has ended");
    Await.until(() -> watchdogThreads().size() == 1, TIMEOUT,
        "one watchdog thread after the update: " + watchdogThreads());
    Collectable.await(oldLoader, "the old wasm engine bundle's class loader (BundleWiringImpl$BundleClassLoader)",
        TIMEOUT);
  }

  private static List<Thread> watchdogThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(WATCHDOG) && t.isAlive())
        .toList();
  }

  /** Refreshes {@code bundle}, which drops its old revision, and waits for the refresh to end. */
  private void refresh(Bundle bundle) throws Exception {
    Bundle system = bundle.getBundleContext().getBundle(0);
    CompletableFuture<FrameworkEvent> done = new CompletableFuture<>();
    system.adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), done::complete);
    assertEquals(FrameworkEvent.PACKAGES_REFRESHED, done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).getType());
  }
}
