package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.tool.ToolCallInterceptor;

/**
 * Puts a capsule's interceptor where the tool pipeline finds it (an OSGi service with the capsule's
 * id, which decides the calls it sees); closing removes it.
 */
@FunctionalInterface
interface HookRegistrar {
  AutoCloseable register(String capsuleId, ToolCallInterceptor interceptor);
}
