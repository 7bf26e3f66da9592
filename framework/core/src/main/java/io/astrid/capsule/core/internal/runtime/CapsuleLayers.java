package io.astrid.capsule.core.internal.runtime;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.util.List;
import java.util.Set;

/**
 * The layer engines are loaded with. A capsule without JVM code has nothing to isolate, so all of
 * them share one empty layer, created once (issue 15); the JVM engine defines a layer of the
 * capsule's own from its jars, which the capsule drops with the engine.
 */
final class CapsuleLayers {
  /** The empty layer every capsule is loaded with. */
  static final ModuleLayer EMPTY = emptyLayer();

  private CapsuleLayers() {}

  private static ModuleLayer emptyLayer() {
    ModuleLayer parent = ModuleLayer.boot();
    Configuration configuration = Configuration.resolve(ModuleFinder.of(), List.of(parent.configuration()),
        ModuleFinder.of(), Set.of());
    return ModuleLayer.defineModulesWithOneLoader(configuration, List.of(parent),
        CapsuleLayers.class.getClassLoader()).layer();
  }
}
