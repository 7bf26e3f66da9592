package io.astrid.capsule.core.internal.runtime;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.util.List;
import java.util.Set;

/**
 * Every capsule gets a module layer of its own, its isolation domain: empty here, filled by the
 * JVM engine for capsules that carry code. Dropping the capsule drops the layer and its loader.
 */
final class CapsuleLayers {
  private CapsuleLayers() {}

  static ModuleLayer emptyLayer() {
    ModuleLayer parent = ModuleLayer.boot();
    Configuration configuration = Configuration.resolve(ModuleFinder.of(), List.of(parent.configuration()),
        ModuleFinder.of(), Set.of());
    return ModuleLayer.defineModulesWithOneLoader(configuration, List.of(parent),
        CapsuleLayers.class.getClassLoader()).layer();
  }
}
