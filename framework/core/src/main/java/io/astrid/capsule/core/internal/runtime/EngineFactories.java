package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.engine.EngineFactory;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a composite learns which factory serves each engine kind. In OSGi each watch is a
 * service tracker on {@code (engine.kind=KIND)}; tests use an in-memory one.
 */
interface EngineFactories {

  /**
   * Watches the best factory of {@code kind}: {@code listener} is told the current one (or
   * empty) when the watch opens and again after every change, from the thread that made it.
   *
   * @return closes the watch
   */
  Watch watch(String kind, Consumer<Optional<EngineFactory>> listener);

  /** An open watch. */
  interface Watch extends AutoCloseable {
    @Override
    void close();
  }
}
