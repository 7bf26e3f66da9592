package io.astrid.capsule.api.jvm;

import io.astrid.capsule.api.engine.CommandRunner;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A JVM capsule's slash commands: a {@link java.util.ServiceLoader} service in the capsule's
 * module layer, found as {@link CapsuleToolProvider} is. Each command it offers must be a
 * {@code [[command]]} of the manifest without a {@code file}; every such command must be offered
 * by exactly one provider, or the capsule fails to load naming the command.
 *
 * <p>Lifecycle: as {@link CapsuleToolProvider}'s: instantiated at load, {@link #commands} called
 * once, its runners called (with the capsule's loader as the thread's context loader) until the
 * capsule unloads, then {@link #close} called once, even when {@code commands} failed.
 */
@ConsumerType
public interface CapsuleCommandProvider extends AutoCloseable {

  /**
   * The commands this provider runs, by name (without the slash), called once at load.
   *
   * @param host the capsule's way to the host's services; valid until {@link #close}
   * @throws Exception when the provider cannot start; the capsule fails to load with the message
   */
  Map<String, CommandRunner> commands(CapsuleHost host) throws Exception;

  /** Releases what the provider started; the default has nothing to release. */
  @Override
  default void close() throws Exception {}
}
