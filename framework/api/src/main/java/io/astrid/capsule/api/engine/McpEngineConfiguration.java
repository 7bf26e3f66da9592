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

  /**
   * How long a server's form ({@code elicitation/create} that no client of the call can answer) waits for a
   * human at the runtime's approver (the terminal of {@code capsule call}, or {@code capsule:approvals} in the
   * shells) before it is answered {@code cancel}; long, milliseconds, optional, default 600000 (10 minutes).
   * A form is a person's work, not a server's answer: {@link #CALL_TIMEOUT_MS} does not bound it, and the tool
   * call that asked waits for it (its own timeout paused meanwhile, as for an approval request).
   */
  public static final String ELICITATION_TIMEOUT_MS = "mcp.elicitation.timeout.ms";

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
