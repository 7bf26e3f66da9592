package io.astrid.capsule.api.engine;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The exports of a capsule's plugin, callable by name, bytes in and bytes out, as one calls a
 * plain Extism plugin: what an engine with such a plugin (the wasm engine) offers in its
 * {@link EngineContributions}. The host never calls it directly: it goes through
 * {@link io.astrid.capsule.api.runtime.CapsuleRegistry#invoke}, so an export call passes the
 * capsule's call gate, the interceptors and the call timeout as a tool call does.
 *
 * <p>Thread-safe; the engine serialises calls as it needs. After the engine is unloaded every
 * call fails.
 */
@ConsumerType
public interface PluginExports {

  /**
   * Calls {@code export} with {@code input}.
   *
   * @return the call's output
   * @throws IOException when the call fails (no such export, its error, a trap, the engine's own
   *     timeout, the engine unloaded); the message says which
   */
  byte[] call(String export, byte[] input) throws IOException;
}
