package io.astrid.capsule.api.engine;

import static java.util.Objects.requireNonNull;

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
 */
public record EngineContext(String capsuleId, CapsuleManifest manifest, Path directory, ModuleLayer layer,
    EngineMonitor monitor) {
  public EngineContext {
    requireNonNull(capsuleId, "capsuleId");
    requireNonNull(manifest, "manifest");
    requireNonNull(directory, "directory");
    requireNonNull(layer, "layer");
    requireNonNull(monitor, "monitor");
  }
}
