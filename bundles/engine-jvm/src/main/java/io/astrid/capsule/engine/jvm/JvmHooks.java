package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.jvm.HookHandler;
import io.astrid.capsule.api.manifest.Interceptor;
import java.util.List;
import java.util.Map;

/**
 * A JVM capsule's {@code [[interceptor]]}s as the one {@link CapsuleHook} the engine registers for
 * it (issue 18): every event the runtime raises for them reaches the capsule's {@link HookHandler}
 * on the raising thread, with the capsule's loader as the context loader. Like a wasm guest's hook
 * this is only the transport; allow, deny and rewrite are the runtime's.
 */
final class JvmHooks implements CapsuleHook {
  private final String capsuleId;
  private final HookHandler handler;
  private final List<Interceptor> declared;
  private final ClassLoader loader;

  JvmHooks(String capsuleId, HookHandler handler, List<Interceptor> declared, ClassLoader loader) {
    this.capsuleId = capsuleId;
    this.handler = handler;
    this.declared = List.copyOf(declared);
    this.loader = loader;
  }

  @Override
  public List<Interceptor> interceptors() {
    return declared;
  }

  @Override
  public Map<String, Object> trigger(Interceptor interceptor, Map<String, Object> input) {
    try {
      return ContextLoader.run(loader, () -> handler.trigger(interceptor, input));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // A checked failure of the capsule's own: the runtime names the interceptor and capsule around this.
      throw new CapsuleException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "hook handler of JVM capsule [" + capsuleId + "]";
  }
}
