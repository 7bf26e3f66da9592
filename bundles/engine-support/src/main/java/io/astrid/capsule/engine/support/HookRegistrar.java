package io.astrid.capsule.engine.support;

import io.astrid.capsule.api.hook.CapsuleHook;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

/**
 * Puts a capsule's hook where the runtime finds it (an OSGi service with the capsule's id, which
 * decides what it sees); closing removes it. The wasm, JVM and MCP engines each register one
 * {@link CapsuleHook} per capsule.
 *
 * @param <H> the service type the hook is registered as
 */
@FunctionalInterface
public interface HookRegistrar<H> {
  AutoCloseable register(String capsuleId, H hook);

  /** Registers hooks as {@code type} services of {@code context}'s bundle, with the capsule id property. */
  static <H> HookRegistrar<H> services(BundleContext context, Class<H> type) {
    return (capsuleId, hook) -> {
      ServiceRegistration<H> registration = context.registerService(type, hook,
          FrameworkUtil.asDictionary(Map.of(CapsuleHook.CAPSULE_ID_PROPERTY, capsuleId)));
      return registration::unregister;
    };
  }
}
