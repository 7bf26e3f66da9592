package io.astrid.capsule.api.jvm;

import io.astrid.capsule.api.tool.ToolCallInterceptor;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A JVM capsule's interceptor hooks: a {@link java.util.ServiceLoader} service in the capsule's
 * module layer, found as {@link CapsuleToolProvider} is; a capsule has at most one. It offers either
 * a {@link HookHandler} ({@link #handler}), which gets every event the manifest's
 * {@code [[interceptor]]}s name, or — the SPI before issue 18 — a {@link ToolCallInterceptor}
 * ({@link #interceptor}), which gets {@code BeforeToolCall} and {@code AfterToolCall} only, once per
 * call however many {@code [[interceptor]]}s of the event the manifest declares. Either way the
 * engine registers one hook for the capsule, so it sees what happens to the capsule itself and to
 * the capsules its {@code [capabilities] intercept} names. The load fails when a provider's capsule
 * declares no {@code [[interceptor]]}, when one is declared and no provider offers a hook, when a
 * {@code ToolCallInterceptor} is offered for other events, and when there are two providers.
 *
 * <p>Lifecycle: as {@link CapsuleToolProvider}'s: instantiated at load, {@link #handler} (and, when
 * it offers none, {@link #interceptor}) called once, the hook unregistered at unload before
 * {@link #close} is called once.
 */
@ConsumerType
public interface CapsuleHookProvider extends AutoCloseable {

  /**
   * The capsule's handler of every event its {@code [[interceptor]]}s name, called once at load.
   * The default offers none, and the provider's {@link #interceptor} serves instead.
   *
   * @param host the capsule's way to the host's services; valid until {@link #close}
   * @throws Exception when the provider cannot start; the capsule fails to load with the message
   */
  default Optional<HookHandler> handler(CapsuleHost host) throws Exception {
    return Optional.empty();
  }

  /**
   * The capsule's tool-call interceptor, called once at load when {@link #handler} offers none. It
   * is called on the tool caller's thread, with the capsule's loader as the context loader; a hook
   * that throws fails as a {@link HookHandler}'s does (the call is denied by default).
   *
   * @param host the capsule's way to the host's services; valid until {@link #close}
   * @throws Exception when the provider cannot start; the capsule fails to load with the message
   * @throws UnsupportedOperationException the default: the provider offers neither hook
   */
  default ToolCallInterceptor interceptor(CapsuleHost host) throws Exception {
    throw new UnsupportedOperationException("CapsuleHookProvider [" + getClass().getName()
        + "] offers neither a handler nor an interceptor");
  }

  /** Releases what the provider started; the default has nothing to release. */
  @Override
  default void close() throws Exception {}
}
