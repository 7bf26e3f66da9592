package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.hook.CapsuleHook;

/**
 * Puts a capsule's hook where the runtime finds it (an OSGi service with the capsule's
 * id, which decides the events it sees); closing removes it.
 */
@FunctionalInterface
interface HookRegistrar {
  AutoCloseable register(String capsuleId, CapsuleHook hook);
}
