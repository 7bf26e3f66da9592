package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.testing.Await;
import io.astrid.capsule.testing.Collectable;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Issue 13, finding 9: the wasm call watchdog's thread belongs to the engine factory component, so
 * an update of the engine bundle stops the old one and leaves nothing of the old bundle running
 * or reachable.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Issue13Finding9IT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String WATCHDOG = "wasm-watchdog";

  @Test
  public void finding9_anUpdateOfTheWasmEngineLeavesOneWatchdogAndTheOldClassLoaderCollectable() throws Exception {
    service(EngineFactory.class, TIMEOUT); // the engines are up
    Await.until(() -> watchdogThreads().size() == 1, TIMEOUT, () -> "one watchdog thread: " + watchdogThreads());
    Bundle engine = installed("io.astrid.capsule.engine.wasm");
    WeakReference<ClassLoader> oldLoader = new WeakReference<>(engine.adapt(BundleWiring.class).getClassLoader());
    Thread oldWatchdog = watchdogThreads().getFirst();

    engine.update();
    refresh(engine);

    assertFalse("the old bundle's watchdog thread has ended", oldWatchdog.isAlive());
    Await.until(() -> watchdogThreads().size() == 1, TIMEOUT,
        () -> "one watchdog thread after the update: " + watchdogThreads());
    Collectable.await(oldLoader, "the old wasm engine bundle's class loader (BundleWiringImpl$BundleClassLoader)",
        TIMEOUT);
  }

  private static List<Thread> watchdogThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(WATCHDOG) && t.isAlive())
        .toList();
  }

  /** Refreshes {@code bundle}, which drops its old revision, and waits for the refresh to end. */
  private void refresh(Bundle bundle) throws Exception {
    CompletableFuture<FrameworkEvent> done = new CompletableFuture<>();
    context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), done::complete);
    assertEquals(FrameworkEvent.PACKAGES_REFRESHED, done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).getType());
  }
}
