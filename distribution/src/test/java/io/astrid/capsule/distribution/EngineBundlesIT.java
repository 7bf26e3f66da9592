package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
  private static final Duration TIMEOUT = EngineBundleRig.TIMEOUT;

  private EngineBundleRig rig;
  private CapsuleRegistry registry;

  @BeforeEach
  void start() {
    rig = new EngineBundleRig();
    registry = rig.registry;
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  @Test
  void aStaticCapsuleWaitsWhileItsEngineBundleIsStoppedAndComesBackWithIt() throws Exception {
    Capsule capsule = rig.install(EngineBundleRig.EXAMPLES.resolve("hello-static"));
    assertEquals(CapsuleState.READY, registry.awaitSettled("hello-static", TIMEOUT).state());
    assertEquals(List.of("house-style"), registry.context().stream().map(c -> c.value().name()).toList());

    Bundle engine = rig.bundle("io.astrid.capsule.engine.static");
    engine.stop();
    assertEquals(CapsuleStatus.waitingFor(List.of("static")), capsule.status());
    assertEquals(List.of(), registry.context(), "a WAITING capsule offers nothing");

    engine.start();
    assertEquals(CapsuleState.READY, rig.awaitReady(capsule));
    engine.update();
    assertEquals(CapsuleState.READY, rig.awaitReady(capsule));
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
    CapsuleManifest manifest = rig.framework.service(ManifestReader.class, TIMEOUT)
        .read(dir.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    Files.delete(dir.resolve("notes.md"));

    registry.install(manifest, dir);

    assertEquals(CapsuleStatus.failed("engine [static] failed to load: context file [notes.md]: no such file"),
        registry.awaitSettled("vanishing", TIMEOUT));
    assertEquals(List.of(), registry.context());
  }
}
