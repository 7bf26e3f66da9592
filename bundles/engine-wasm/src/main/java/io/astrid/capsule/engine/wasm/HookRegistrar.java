package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.tool.ToolCallInterceptor;

/** Puts a capsule's interceptor where the tool pipeline finds it (an OSGi service); closing removes it. */
@FunctionalInterface
interface HookRegistrar {
  AutoCloseable register(ToolCallInterceptor interceptor);
}
