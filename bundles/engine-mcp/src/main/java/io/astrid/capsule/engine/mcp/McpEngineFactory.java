package io.astrid.capsule.engine.mcp;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.host.GuestLogRate;
import io.astrid.capsule.api.host.StateDirectory;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.LoggerFactory;

/**
 * The {@code mcp} engine factory: one engine per {@code [[mcp_server]]}, each starting only what the gate allows.
 * Immediate, so that at the runtime's start it ends the processes a runtime killed before left running
 * ({@link ProcessLedger}, in {@code processes/} of the state directory), whether or not a capsule needs it.
 */
@Component(service = EngineFactory.class, immediate = true,
    property = EngineFactory.KIND_PROPERTY + "=" + EngineFactory.MCP)
public final class McpEngineFactory implements EngineFactory {

  /** Configuration (component property types). */
  public @interface Config {
    /** How long one request to a server may take before it is cancelled, in milliseconds. */
    long mcp_call_timeout_ms() default 25_000;

    /** How long a server may take to start and answer initialize, in milliseconds. */
    long mcp_initialize_timeout_ms() default 30_000;

    /** The first restart's delay after a crash, in milliseconds; it doubles with each crash. */
    long mcp_restart_backoff_ms() default 250;

    /** Crashes within the window after which the engine gives up and the capsule is FAILED. */
    int mcp_restart_max_crashes() default 5;

    /** The crash window, in milliseconds. */
    long mcp_restart_window_ms() default 60_000;
  }

  private final CapsuleSecurityGate gate;
  private final McpSettings settings;
  private final ProcessLedger ledger;
  private final GuestLogRate logRate;

  @Activate
  public McpEngineFactory(@Reference CapsuleSecurityGate gate, @Reference GuestLogRate logRate, Config config,
      BundleContext context) {
    this.gate = gate;
    this.logRate = logRate;
    this.ledger = new ProcessLedger(StateDirectory.resolve("", context.getProperty(StateDirectory.PROPERTY))
        .resolve("processes"));
    ledger.endLeftovers(StdioServer.TERM_GRACE, LoggerFactory.getLogger(McpEngineFactory.class));
    this.settings = new McpSettings(Duration.ofMillis(config.mcp_initialize_timeout_ms()),
        Duration.ofMillis(config.mcp_call_timeout_ms()), Duration.ofMillis(config.mcp_restart_backoff_ms()),
        config.mcp_restart_max_crashes(), Duration.ofMillis(config.mcp_restart_window_ms()));
  }

  @Override
  public String kind() {
    return MCP;
  }

  @Override
  public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
    return manifest.mcpServers().stream()
        .map(server -> (ExecutionEngine) new McpServerEngine(server, gate, settings, System.getenv(), ledger, logRate))
        .toList();
  }
}
