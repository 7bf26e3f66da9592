package io.astrid.capsule.benchmarks;

import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The distribution's bundles in an embedded Felix, as {@code bin/capsule} runs them. */
final class RunningRuntime implements AutoCloseable {
  /** Where {@code ./build bench} has assembled the distribution; {@code -Dcapsule.bundles} overrides. */
  static final Path BUNDLES = Path.of(System.getProperty("capsule.bundles", "distribution/target/capsule/bundles"));

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  final EmbeddedFramework framework;
  final CapsuleRegistry registry;
  final ManifestReader reader;

  RunningRuntime() {
    if (!Files.isDirectory(BUNDLES)) {
      throw new IllegalStateException("no bundles at [" + BUNDLES.toAbsolutePath() + "]: run ./build bench, which"
          + " assembles the distribution first");
    }
    framework = EmbeddedFramework.start(BUNDLES);
    registry = framework.service(CapsuleRegistry.class, TIMEOUT);
    reader = framework.service(ManifestReader.class, TIMEOUT);
  }

  @Override
  public void close() {
    framework.close();
  }
}
