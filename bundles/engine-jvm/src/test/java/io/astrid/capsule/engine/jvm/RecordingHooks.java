package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.AllowAllGate;
import io.astrid.capsule.core.internal.manifest.TomlManifestReader;
import io.astrid.capsule.engine.support.HookRegistrar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the hook tests' JVM capsules register their hooks: the capsule ids registered and
 * unregistered, in order, and the hooks themselves, for the test to raise events through.
 */
final class RecordingHooks implements HookRegistrar<CapsuleHook> {
  final List<String> registered = new ArrayList<>();
  final List<CapsuleHook> hooks = new ArrayList<>();

  @Override
  public AutoCloseable register(String capsuleId, CapsuleHook hook) {
    registered.add(capsuleId);
    hooks.add(hook);
    return () -> registered.add("unregistered " + capsuleId);
  }

  /**
   * Loads the JVM capsule in {@code dir} (manifest read by the real reader, every jar allowed) with
   * {@code env} as its {@code [env]} values; a failed load is unloaded before its error is thrown.
   */
  JvmCapsuleEngine load(Path workspace, String name, Path dir, Map<String, String> env) throws Exception {
    JvmRuntime runtime = JvmRuntime.of(new AllowAllGate(), null, null, workspace, this);
    CapsuleManifest manifest = new TomlManifestReader().read(dir.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    JvmCapsuleEngine engine = new JvmCapsuleEngine(runtime, manifest.component().orElseThrow());
    try {
      engine.load(new EngineContext(name, manifest, dir, ModuleLayer.empty(), EngineMonitor.IGNORE,
          new EnvValues(env, List.of())));
    } catch (Exception e) {
      engine.unload();
      throw e;
    }
    return engine;
  }
}
