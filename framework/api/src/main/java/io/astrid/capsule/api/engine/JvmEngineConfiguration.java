package io.astrid.capsule.api.engine;

/**
 * The configuration of the {@value EngineFactory#JVM} engine: its Config Admin PID and key. Read when
 * the engine starts: a change restarts the engine (and reloads its capsules).
 */
public final class JvmEngineConfiguration {
  /** The Config Admin PID. */
  public static final String PID = "io.astrid.capsule.engine.jvm";

  /**
   * The directory capsules' files are confined to; String path, default empty (the framework property
   * {@value io.astrid.capsule.api.host.Workspace#PROPERTY}, else the runtime's working directory).
   */
  public static final String WORKSPACE = "workspace";

  private JvmEngineConfiguration() {}
}
