package io.astrid.capsule.engine.mcp;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.engine.McpEngineConfiguration;
import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.host.GuestLogRate;
import io.astrid.capsule.api.host.StateDirectory;
import io.astrid.capsule.api.host.Workspace;
import io.astrid.capsule.api.llm.LlmProvider;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.engine.support.HookRegistrar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.LoggerFactory;

/**
 * The {@code mcp} engine factory: one engine per {@code [[mcp_server]]}, each starting only what the gate allows.
 * Immediate, so that at the runtime's start it ends the processes a runtime killed before left running
 * ({@link ProcessLedger}, in {@code processes/} of the state directory), whether or not a capsule needs it.
 */
@Component(service = EngineFactory.class, immediate = true, configurationPid = McpEngineConfiguration.PID,
    property = EngineFactory.KIND_PROPERTY + "=" + EngineFactory.MCP)
@Designate(ocd = McpEngineFactory.Config.class)
public final class McpEngineFactory implements EngineFactory {

  /** The keys of {@link McpEngineConfiguration}, named by Declarative Services from the methods' names. */
  @ObjectClassDefinition(name = "Astrid capsule MCP engine",
      description = "Timeouts and crash handling of the MCP servers capsules run.")
  public @interface Config {
    @AttributeDefinition(description = "how long one request to a server may take before it is cancelled, in"
        + " milliseconds")
    long mcp_call_timeout_ms() default 25_000;

    @AttributeDefinition(description = "how long a server's form waits for a human at the approver (capsule call's"
        + " terminal, capsule:approvals) before it is cancelled, in milliseconds; the tool call that asked waits"
        + " meanwhile")
    long mcp_elicitation_timeout_ms() default 600_000;

    @AttributeDefinition(description = "how long a server may take to start and answer initialize, in milliseconds")
    long mcp_initialize_timeout_ms() default 30_000;

    @AttributeDefinition(description = "the first restart's delay after a crash, in milliseconds; it doubles with"
        + " each crash")
    long mcp_restart_backoff_ms() default 250;

    @AttributeDefinition(description = "crashes within the window after which the engine gives up and the capsule"
        + " is FAILED")
    int mcp_restart_max_crashes() default 5;

    @AttributeDefinition(description = "the crash window, in milliseconds")
    long mcp_restart_window_ms() default 60_000;

    @AttributeDefinition(description = "the id of the llm provider that answers servers' sampling requests, each"
        + " approved by a human first; empty: sampling goes to the calling MCP client only")
    String mcp_sampling_provider() default "";
  }

  private final CapsuleSecurityGate gate;
  private final ProcessLedger ledger;
  private final GuestLogRate logRate;
  private final HookRegistrar<CapsuleHook> hooks;
  /** What servers get as their roots: the workspace, as the framework property names it (else the start directory). */
  private final Path workspace;
  /** Replaced whole by {@link #modified}; every server reads it at its next request, start or crash. */
  private volatile McpSettings settings;
  private volatile String samplingProvider;
  private final List<LlmProvider> providers = new CopyOnWriteArrayList<>();
  private final List<Approver> approvers = new CopyOnWriteArrayList<>();
  /** Reads the fields above at each request, so a provider or setting that changes reaches running servers. */
  private final ProviderSampling sampling = new ProviderSampling(() -> samplingProvider, () -> providers,
      () -> approvers.stream().findFirst());
  private volatile Duration elicitationTimeout;
  /** Servers' forms that no client can answer go to the same approver, each waiting as long as configured now. */
  private final ApproverElicitation elicitation = new ApproverElicitation(() -> approvers.stream().findFirst(),
      () -> elicitationTimeout);

  @Activate
  public McpEngineFactory(@Reference CapsuleSecurityGate gate, @Reference GuestLogRate logRate, Config config,
      BundleContext context) {
    this.gate = gate;
    this.logRate = logRate;
    this.ledger = new ProcessLedger(StateDirectory.resolve("", context.getProperty(StateDirectory.PROPERTY))
        .resolve("processes"));
    ledger.endLeftovers(StdioServer.TERM_GRACE, LoggerFactory.getLogger(McpEngineFactory.class));
    this.settings = settings(config);
    this.hooks = HookRegistrar.services(context, CapsuleHook.class);
    this.samplingProvider = config.mcp_sampling_provider();
    this.elicitationTimeout = Duration.ofMillis(config.mcp_elicitation_timeout_ms());
    this.workspace = Workspace.resolve(null, context.getProperty(Workspace.PROPERTY));
  }

  /** New timeouts and crash limits without restarting a server (issue 16). */
  @Modified
  void modified(Config config) {
    settings = settings(config);
    samplingProvider = config.mcp_sampling_provider();
    elicitationTimeout = Duration.ofMillis(config.mcp_elicitation_timeout_ms());
  }

  @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
  void addProvider(LlmProvider provider) {
    providers.add(provider);
  }

  void removeProvider(LlmProvider provider) {
    providers.remove(provider);
  }

  @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
  void addApprover(Approver approver) {
    approvers.add(approver);
  }

  void removeApprover(Approver approver) {
    approvers.remove(approver);
  }

  private static McpSettings settings(Config config) {
    return new McpSettings(Duration.ofMillis(config.mcp_initialize_timeout_ms()),
        Duration.ofMillis(config.mcp_call_timeout_ms()), Duration.ofMillis(config.mcp_restart_backoff_ms()),
        config.mcp_restart_max_crashes(), Duration.ofMillis(config.mcp_restart_window_ms()));
  }

  @Override
  public String kind() {
    return MCP;
  }

  @Override
  public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
    List<ExecutionEngine> engines = new ArrayList<>();
    for (McpServer server : manifest.mcpServers()) {
      McpServerEngine engine = new McpServerEngine(server, gate, () -> settings, System.getenv(), ledger, logRate,
          workspace, sampling, elicitation);
      // A capsule without a WebAssembly or JVM component has its interceptors served by its first server (issue 18).
      boolean hooked = engines.isEmpty() && manifest.component().isEmpty() && !manifest.interceptors().isEmpty();
      engines.add(hooked ? new McpHook(engine, server.id(), manifest.interceptors(), hooks) : engine);
    }
    return engines;
  }
}
