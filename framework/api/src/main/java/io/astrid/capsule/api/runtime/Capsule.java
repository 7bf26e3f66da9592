package io.astrid.capsule.api.runtime;

import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** An installed capsule: a composite of engines under one lifecycle. Thread-safe. */
@ProviderType
public interface Capsule {

  /** The capsule's id: its {@code [package] name}. */
  String id();

  CapsuleManifest manifest();

  Path directory();

  /** The current status; changes are announced to {@link CapsuleListener}s. */
  CapsuleStatus status();

  /** The engine kinds the manifest needs, in load order. */
  List<String> engineKinds();

  /** The names of the loaded engines, in load order; empty unless READY. */
  List<String> engineNames();

  /** Everything the loaded engines offer; {@link EngineContributions#NONE} unless READY. */
  EngineContributions contributions();

  /**
   * The modules of the capsule's own module layer while it is loaded, by name, sorted; empty for a
   * capsule without JVM code (it shares one empty layer with all such capsules) and unless READY.
   */
  default List<String> layerModules() {
    return List.of();
  }
}
