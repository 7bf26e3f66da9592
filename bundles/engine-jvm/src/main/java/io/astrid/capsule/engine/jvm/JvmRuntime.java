package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.host.KeyValueStore;
import io.astrid.capsule.api.jvm.CapsuleToolProvider;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.WorkspaceFiles;
import io.astrid.capsule.engine.support.HookRegistrar;
import java.nio.file.Path;

/**
 * What every JVM capsule of one factory shares: the host's services, the workspace, where its
 * hooks are registered, and the API
 * layer and loader its layer is built on.
 *
 * @param loader the parent loader of every capsule layer, exposing the API only
 * @param apiLayer the layer holding the {@value LayerBuilder#API_MODULE} module capsules require
 * @param apiModule the module of the API's classes (the unnamed module of the API's loader in OSGi)
 */
record JvmRuntime(CapsuleSecurityGate gate, WorkspaceFiles files, KeyValueStore kv, Path workspace,
    HookRegistrar<CapsuleHook> hooks, ApiClassLoader loader, ModuleLayer apiLayer, Module apiModule) {

  /** The runtime on the API as {@link CapsuleToolProvider}'s loader defined it. */
  static JvmRuntime of(CapsuleSecurityGate gate, WorkspaceFiles files, KeyValueStore kv, Path workspace,
      HookRegistrar<CapsuleHook> hooks) {
    ApiClassLoader loader = new ApiClassLoader(CapsuleToolProvider.class.getClassLoader());
    return new JvmRuntime(gate, files, kv, workspace, hooks, loader, LayerBuilder.apiLayer(loader),
        CapsuleToolProvider.class.getModule());
  }
}
