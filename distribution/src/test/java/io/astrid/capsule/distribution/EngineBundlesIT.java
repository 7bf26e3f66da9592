package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * The distribution's real bundles in a real Felix: a capsule follows its engine bundle as it is
 * stopped, started and updated, while the framework keeps running.
 */
class EngineBundlesIT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private EmbeddedFramework framework;
  private CapsuleRegistry registry;

  private final BlockingQueue<CapsuleEvent> events = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    framework = EmbeddedFramework.start(DISTRIBUTION.resolve("bundles"));
    registry = framework.service(CapsuleRegistry.class, TIMEOUT);
    framework.register(CapsuleListener.class, events::add);
  }

  @AfterEach
  void stop() {
    framework.close();
  }

  @Test
  void aStaticCapsuleWaitsWhileItsEngineBundleIsStoppedAndComesBackWithIt() throws Exception {
    Path directory = EXAMPLES.resolve("hello-static");
    CapsuleManifest manifest = framework.service(ManifestReader.class, TIMEOUT)
        .read(directory.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    Capsule capsule = registry.install(manifest, directory);
    assertEquals(CapsuleState.READY, registry.awaitSettled("hello-static", TIMEOUT).state());
    assertEquals(List.of("house-style"), registry.context().stream().map(c -> c.value().name()).toList());

    Bundle engine = framework.bundle("io.astrid.capsule.engine.static").orElseThrow();
    engine.stop();
    assertEquals(CapsuleStatus.waitingFor(List.of("static")), capsule.status());
    assertEquals(List.of(), registry.context(), "a WAITING capsule offers nothing");

    engine.start();
    assertEquals(CapsuleState.READY, awaitReady(capsule));
    engine.update();
    assertEquals(CapsuleState.READY, awaitReady(capsule));
    assertEquals(List.of("greet"), registry.skills().stream().map(s -> s.value().name()).toList());
  }

  @Test
  void aContextFileThatVanishedAfterValidationFailsTheLoadNamingIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Capsule.toml"), """
        [package]
        name = "vanishing"
        version = "1.0.0"

        [[context_file]]
        name = "notes"
        file = "notes.md"
        """);
    Files.writeString(dir.resolve("notes.md"), "here for now");
    CapsuleManifest manifest = framework.service(ManifestReader.class, TIMEOUT)
        .read(dir.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    Files.delete(dir.resolve("notes.md"));

    registry.install(manifest, dir);

    assertEquals(CapsuleStatus.failed("engine [static] failed to load: context file [notes.md]: no such file"),
        registry.awaitSettled("vanishing", TIMEOUT));
    assertEquals(List.of(), registry.context());
  }

  /** Waits for the registry's READY event for the capsule (events, not sleeping). */
  private CapsuleState awaitReady(Capsule capsule) throws InterruptedException {
    while (capsule.status().state() != CapsuleState.READY) {
      CapsuleEvent event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        return capsule.status().state();
      }
    }
    return CapsuleState.READY;
  }
}
