package io.astrid.capsule.engine.support;

import io.astrid.capsule.api.tool.ToolCallInterceptor;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

/**
 * Puts a capsule's interceptor where the tool pipeline finds it (an OSGi service with the capsule's
 * id, which decides the calls it sees); closing removes it.
 */
@FunctionalInterface
public interface HookRegistrar {
  AutoCloseable register(String capsuleId, ToolCallInterceptor interceptor);

  /** Registers interceptors as services of {@code context}'s bundle, with the capsule id property. */
  static HookRegistrar services(BundleContext context) {
    return (capsuleId, interceptor) -> {
      ServiceRegistration<ToolCallInterceptor> registration = context.registerService(ToolCallInterceptor.class,
          interceptor, FrameworkUtil.asDictionary(Map.of(ToolCallInterceptor.CAPSULE_ID_PROPERTY, capsuleId)));
      return registration::unregister;
    };
  }
}
