package io.astrid.capsule.api.jvm;

import io.astrid.capsule.api.tool.CapsuleTool;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A JVM capsule's tools: a {@link java.util.ServiceLoader} service in the capsule's module layer
 * ({@code provides io.astrid.capsule.api.jvm.CapsuleToolProvider with ...} in a named module, or
 * {@code META-INF/services/io.astrid.capsule.api.jvm.CapsuleToolProvider} in an automatic one).
 *
 * <p>Lifecycle: the engine instantiates every provider at load, calls {@link #tools} once, offers
 * the tools until the capsule unloads (or is replaced by a reload), then calls {@link #close}
 * once, even when {@code tools} failed. The provider must release there whatever it started
 * (threads, files, connections): after {@code close} the runtime drops every reference to the
 * capsule's layer, and a thread still running keeps the layer's classes in memory.
 */
@ConsumerType
public interface CapsuleToolProvider extends AutoCloseable {

  /**
   * The tools this provider offers, called once at load.
   *
   * @param host the capsule's way to the host's services; valid until {@link #close}
   * @return the tools; their names must be unique within the capsule
   * @throws Exception when the provider cannot start; the capsule fails to load with the message
   */
  List<CapsuleTool> tools(CapsuleHost host) throws Exception;

  /** Releases what the provider started; the default has nothing to release. */
  @Override
  default void close() throws Exception {}
}
