package io.astrid.capsule.api.jvm;

import io.astrid.capsule.api.tool.ToolCallInterceptor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A JVM capsule's interceptor hooks: a {@link java.util.ServiceLoader} service in the capsule's
 * module layer, found as {@link CapsuleToolProvider} is. The engine registers its interceptor for
 * the capsule, so it sees the calls of the capsule's own tools and of the capsules its
 * {@code [capabilities] intercept} names, and calls {@code beforeToolCall} only when the manifest
 * declares a {@code BeforeToolCall} {@code [[interceptor]]}, {@code afterToolCall} only for
 * {@code AfterToolCall}. A provider in a capsule declaring neither, or such a declaration with no
 * provider, fails the load.
 *
 * <p>Lifecycle: as {@link CapsuleToolProvider}'s: instantiated at load, {@link #interceptor}
 * called once, the interceptor unregistered at unload before {@link #close} is called once.
 */
@ConsumerType
public interface CapsuleHookProvider extends AutoCloseable {

  /**
   * The capsule's interceptor, called once at load. It is called on the tool caller's thread,
   * with the capsule's loader as the context loader; a hook that throws denies the call (before)
   * or leaves the result as it was (after), as {@link ToolCallInterceptor} says.
   *
   * @param host the capsule's way to the host's services; valid until {@link #close}
   * @throws Exception when the provider cannot start; the capsule fails to load with the message
   */
  ToolCallInterceptor interceptor(CapsuleHost host) throws Exception;

  /** Releases what the provider started; the default has nothing to release. */
  @Override
  default void close() throws Exception {}
}
