package io.astrid.capsule.api.engine;

import static java.util.Objects.requireNonNull;

import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.nio.file.Path;

/**
 * What an engine is loaded with.
 *
 * @param capsuleId the capsule's id (its package name)
 * @param manifest the capsule's validated manifest
 * @param directory the capsule directory
 * @param layer the capsule's own module layer, its isolation domain (empty unless the capsule
 *     carries JVM code)
 * @param monitor where a loaded engine reports that it can no longer serve (a server that keeps
 *     crashing); the capsule then unloads and becomes FAILED with the reason
 * @param env the capsule's own {@code [env]} values, resolved by the
 *     {@link io.astrid.capsule.api.host.CapsuleEnvironment} for this load; the only values an engine
 *     may hand its capsule (as {@code config_get}, as a server's environment)
 */
public record EngineContext(String capsuleId, CapsuleManifest manifest, Path directory, ModuleLayer layer,
    EngineMonitor monitor, EnvValues env) {
  public EngineContext {
    requireNonNull(capsuleId, "capsuleId");
    requireNonNull(manifest, "manifest");
    requireNonNull(directory, "directory");
    requireNonNull(layer, "layer");
    requireNonNull(monitor, "monitor");
    requireNonNull(env, "env");
  }

  /** A context with no {@code [env]} values (for engines of capsules that declare none, and tests). */
  public EngineContext(String capsuleId, CapsuleManifest manifest, Path directory, ModuleLayer layer,
      EngineMonitor monitor) {
    this(capsuleId, manifest, directory, layer, monitor, EnvValues.NONE);
  }
}
