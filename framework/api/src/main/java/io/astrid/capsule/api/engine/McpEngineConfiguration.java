package io.astrid.capsule.api.engine;

/**
 * The configuration of the {@value EngineFactory#MCP} engine: its Config Admin PID and keys. Every key
 * is optional and applies live: a change reaches the next request, start or crash of every server
 * without restarting it.
 */
public final class McpEngineConfiguration {
  /** The Config Admin PID. */
  public static final String PID = "io.astrid.capsule.engine.mcp";

  /** How long one request to a server may take before it is cancelled; long, milliseconds, default 25000. */
  public static final String CALL_TIMEOUT_MS = "mcp.call.timeout.ms";

  /** How long a server may take to start and answer {@code initialize}; long, milliseconds, default 30000. */
  public static final String INITIALIZE_TIMEOUT_MS = "mcp.initialize.timeout.ms";

  /** The first restart's delay after a crash, doubling with each crash; long, milliseconds, default 250. */
  public static final String RESTART_BACKOFF_MS = "mcp.restart.backoff.ms";

  /** Crashes within the window after which the capsule is FAILED; int, default 5. */
  public static final String RESTART_MAX_CRASHES = "mcp.restart.max.crashes";

  /** The crash window; long, milliseconds, default 60000. */
  public static final String RESTART_WINDOW_MS = "mcp.restart.window.ms";

  /**
   * The id ({@code llm.provider.id}) of the {@link io.astrid.capsule.api.llm.LlmProvider} that answers
   * servers' {@code sampling/createMessage}, each request approved by a human first (capability
   * {@code sampling}); string, optional, default empty: sampling goes to the calling client only.
   */
  public static final String SAMPLING_PROVIDER = "mcp.sampling.provider";

  private McpEngineConfiguration() {}
}
