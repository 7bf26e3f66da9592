package io.astrid.capsule.api.engine;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One engine of a capsule (a WebAssembly instance, an MCP server, the static content...).
 *
 * <p>Lifecycle: created unloaded; {@link #load} once; then {@link #contributions()} may be asked
 * any number of times; {@link #unload} once. A composite never calls two lifecycle methods of one
 * engine at the same time. After a failed {@code load} the engine may hold part of what it
 * acquired, so the runtime calls {@code unload} on it too.
 */
@ConsumerType
public interface ExecutionEngine {

  /** The engine's kind ({@link EngineFactory#kind()} of its factory). */
  String kind();

  /** A name for messages, unique within the capsule, such as {@code static} or {@code mcp:local-git}. */
  String name();

  /**
   * Acquires what the engine needs and makes its contributions ready.
   *
   * @throws Exception when it cannot; the message should name what failed ({@code context file
   *     [docs/guide.md]: no such file}). The capsule rolls back and becomes FAILED with it.
   */
  void load(EngineContext context) throws Exception;

  /** What the loaded engine offers: tools, context, skills, commands. */
  EngineContributions contributions();

  /**
   * Frees everything {@link #load} acquired: processes, contexts, files, threads. Must not throw
   * for a failure the runtime can do nothing about; it is called even after a failed load.
   */
  void unload() throws Exception;

  /**
   * The module layer the loaded engine defined for the capsule's code, if it defines one (the
   * JVM engine does). The capsule reports its modules; the engine drops it at {@link #unload}.
   */
  default Optional<ModuleLayer> layer() {
    return Optional.empty();
  }
}
