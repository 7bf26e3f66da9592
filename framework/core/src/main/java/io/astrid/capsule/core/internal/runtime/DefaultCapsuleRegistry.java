package io.astrid.capsule.core.internal.runtime;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.engine.LoadedContext;
import io.astrid.capsule.api.engine.LoadedSkill;
import io.astrid.capsule.api.engine.McpServerContent;
import io.astrid.capsule.api.host.CapsuleEnvironment;
import io.astrid.capsule.api.manifest.Capabilities;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.CronJob;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.manifest.LlmProvider;
import io.astrid.capsule.api.manifest.Uplink;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.api.runtime.Contribution;
import io.astrid.capsule.api.runtime.RegisteredTool;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.internal.text.Suggestions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The {@link CapsuleRegistry} service: the capsule table wired to service trackers and the whiteboard. */
@Component(service = CapsuleRegistry.class, configurationPid = CapsuleRegistry.PID)
@Designate(ocd = DefaultCapsuleRegistry.Config.class)
public final class DefaultCapsuleRegistry implements CapsuleRegistry {

  /** The key of {@link CapsuleRegistry#CALL_TIMEOUT_MS}, named by Declarative Services from the method's name. */
  @ObjectClassDefinition(name = "Astrid capsule registry",
      description = "How long capsules' tool calls may run, and what a failing interceptor means.")
  public @interface Config {
    @AttributeDefinition(description = "the longest one tool call may run, in milliseconds; also how long unloading"
        + " a capsule waits for its calls in flight")
    long capsule_call_timeout_ms() default 30_000;

    @AttributeDefinition(description = "what a capsule's interceptor that fails (a trap, its call timeout, a"
        + " malformed answer) means for the tool call or command it was asked about: deny it, or allow it as if the"
        + " interceptor had answered nothing; either way the failure is logged", options = {
            @Option(label = "deny", value = "deny"), @Option(label = "allow", value = "allow")})
    String interceptor_failure() default "deny";
  }

  private final HookCalls calls;
  private final OsgiRuntimeEvents events;
  private final HookChain interceptors;
  private final LifecycleHooks lifecycle;
  private final CommandPipeline commands;
  private final CallDeadlines deadlines;
  private final CapsuleTable table;

  @Activate
  public DefaultCapsuleRegistry(BundleContext context, @Reference CapsuleEnvironment environment, Config config) {
    this.calls = new HookCalls(HookCalls.OnFailure.of(config.interceptor_failure()));
    this.events = new OsgiRuntimeEvents(context);
    this.interceptors = new HookChain(context, this::capabilities, calls);
    this.lifecycle = new LifecycleHooks(events, interceptors::hooks, calls);
    this.commands = new CommandPipeline(interceptors::hooks, calls);
    this.deadlines = new CallDeadlines(Duration.ofMillis(config.capsule_call_timeout_ms()));
    this.table = new CapsuleTable(new TrackedEngineFactories(context), environment::resolve,
        new ToolPipeline(interceptors, deadlines), lifecycle, deadlines::timeout);
  }

  /**
   * A new call timeout and interceptor-failure decision for the calls started from now on (issue 16).
   * Without this, a change would reactivate the registry, which unloads every capsule.
   */
  @Modified
  void modified(Config config) {
    deadlines.timeout(Duration.ofMillis(config.capsule_call_timeout_ms()));
    calls.onFailure(HookCalls.OnFailure.of(config.interceptor_failure()));
  }

  /** The chain asks at call time, once the table exists. */
  private Optional<Capabilities> capabilities(String capsuleId) {
    return table.capsule(capsuleId).map(capsule -> capsule.manifest().capabilities());
  }

  @Deactivate
  void deactivate() {
    table.uninstallAll();
    lifecycle.close();
    deadlines.close();
    interceptors.close();
    events.close();
  }

  @Override
  public Capsule install(CapsuleManifest manifest, Path directory) {
    return table.install(manifest, directory);
  }

  @Override
  public Capsule replace(CapsuleManifest manifest, Path directory, Duration timeout) {
    return table.replace(manifest, directory, timeout);
  }

  @Override
  public boolean uninstall(String capsuleId) {
    return table.uninstall(capsuleId);
  }

  @Override
  public Optional<Capsule> capsule(String capsuleId) {
    return table.capsule(capsuleId);
  }

  @Override
  public List<Capsule> capsules() {
    return table.capsules();
  }

  @Override
  public CapsuleStatus awaitSettled(String capsuleId, Duration timeout) {
    return table.awaitSettled(capsuleId, timeout);
  }

  @Override
  public List<RegisteredTool> tools() {
    return table.tools();
  }

  @Override
  public List<Contribution<LoadedCommand>> commands() {
    return table.contributions(c -> c.contributions().commands());
  }

  @Override
  public List<Contribution<LoadedSkill>> skills() {
    return table.contributions(c -> c.contributions().skills());
  }

  @Override
  public List<Contribution<LoadedContext>> context() {
    return table.contributions(c -> c.contributions().context());
  }

  @Override
  public List<Contribution<McpServerContent>> mcpServers() {
    return table.contributions(c -> c.contributions().mcpServers());
  }

  @Override
  public List<Contribution<LlmProvider>> llmProviders() {
    return table.contributions(c -> c.manifest().llmProviders());
  }

  @Override
  public List<Contribution<Interceptor>> interceptors() {
    return table.contributions(c -> c.manifest().interceptors());
  }

  @Override
  public List<Contribution<Uplink>> uplinks() {
    return table.contributions(c -> c.manifest().uplinks());
  }

  @Override
  public List<Contribution<CronJob>> cronJobs() {
    return table.contributions(c -> c.manifest().cronJobs());
  }

  @Override
  public ToolResult call(String qualifiedName, Map<String, Object> arguments) {
    return table.call(qualifiedName, arguments);
  }

  @Override
  public String runCommand(String capsuleId, String command, String arguments) {
    String name = "command [/" + command + "] of capsule [" + capsuleId + "]";
    return table.withReady(capsuleId, name, capsule -> {
      List<String> offered = capsule.contributions().commands().stream().map(LoadedCommand::name).toList();
      LoadedCommand found = capsule.contributions().commands().stream().filter(c -> c.name().equals(command))
          .findFirst().orElseThrow(() -> new CapsuleException(name + " is unknown: the capsule offers "
              + (offered.isEmpty() ? "no commands" : "/" + String.join(", /", offered))
              + Suggestions.didYouMean(command, offered)));
      return commands.run(capsuleId, found, arguments);
    });
  }

  @Override
  public byte[] invoke(String capsuleId, String export, byte[] input) {
    return table.invoke(capsuleId, export, input);
  }

}
