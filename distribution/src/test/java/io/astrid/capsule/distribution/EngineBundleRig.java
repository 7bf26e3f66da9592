package io.astrid.capsule.distribution;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.launcher.EmbeddedFramework;
import io.astrid.capsule.testing.Collectable;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;

/**
 * The set-up of the tests that stop, start and update an engine bundle under loaded capsules: the
 * distribution's bundles in an embedded Felix, its registry, and the registry's events to wait on.
 */
final class EngineBundleRig implements AutoCloseable {
  static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  final EmbeddedFramework framework;
  final CapsuleRegistry registry;
  private final BlockingQueue<CapsuleEvent> events = new LinkedBlockingQueue<>();

  EngineBundleRig() {
    framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"));
    registry = framework.service(CapsuleRegistry.class, TIMEOUT);
    framework.register(CapsuleListener.class, events::add);
  }

  /** Installs the capsule in {@code directory} as its manifest says. */
  Capsule install(Path directory) {
    CapsuleManifest manifest = framework.service(ManifestReader.class, TIMEOUT)
        .read(directory.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    return registry.install(manifest, directory);
  }

  /** The installed bundle of this symbolic name. */
  Bundle bundle(String symbolicName) {
    return framework.bundle(symbolicName).orElseThrow();
  }

  /** Waits for the registry's READY event for the capsule (events, not sleeping); its state at the timeout. */
  CapsuleState awaitReady(Capsule capsule) throws InterruptedException {
    while (capsule.status().state() != CapsuleState.READY) {
      CapsuleEvent event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        return capsule.status().state();
      }
    }
    return CapsuleState.READY;
  }

  /** A bounded wait for the GC to clear {@code reference}; the failure says how to find what holds it. */
  void awaitCollected(WeakReference<?> reference, String what) {
    events.clear(); // events are kept only until the next step; they must not hold what they mention
    Collectable.await(reference, what, TIMEOUT);
  }

  @Override
  public void close() {
    framework.close();
  }
}
