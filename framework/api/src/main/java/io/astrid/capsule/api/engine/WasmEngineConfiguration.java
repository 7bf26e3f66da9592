package io.astrid.capsule.api.engine;

/**
 * The configuration of the {@value EngineFactory#WASM} engine: its Config Admin PID and keys. Every
 * key is optional. The limits apply live: a change reaches the next guest call of every capsule
 * without reloading it; the workspace is read when the engine starts, so changing it restarts the
 * engine (and reloads its capsules).
 */
public final class WasmEngineConfiguration {
  /** The Config Admin PID. */
  public static final String PID = "io.astrid.capsule.engine.wasm";

  /** The longest one guest call may run before it is interrupted; long, milliseconds, default 10000. */
  public static final String CALL_TIMEOUT_MS = "wasm.call.timeout.ms";

  /**
   * The most linear memory a guest may have (a module's larger or missing maximum is lowered); long,
   * bytes, default 64 MiB. Applies to guests instantiated after the change (a reload, a restart).
   */
  public static final String MEMORY_MAX_BYTES = "wasm.memory.max.bytes";

  /**
   * Per-capsule limits; String array of {@code CAPSULE:timeout_ms=N} and {@code CAPSULE:memory_max_bytes=N},
   * default none.
   */
  public static final String LIMITS = "wasm.limits";

  /**
   * The directory guests' files are confined to; String path, default empty (the framework property
   * {@value io.astrid.capsule.api.host.Workspace#PROPERTY}, else the runtime's working directory).
   */
  public static final String WORKSPACE = "workspace";

  private WasmEngineConfiguration() {}
}
