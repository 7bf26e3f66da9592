package io.astrid.capsule.api.runtime;

import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.engine.LoadedContext;
import io.astrid.capsule.api.engine.LoadedSkill;
import io.astrid.capsule.api.engine.McpServerContent;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.CronJob;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.manifest.LlmProvider;
import io.astrid.capsule.api.manifest.Uplink;
import io.astrid.capsule.api.tool.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The capsules of this runtime, and the one way to call their tools. An OSGi service;
 * thread-safe.
 *
 * <p>Installing starts a capsule's lifecycle: it loads as soon as a factory for every engine
 * kind it needs is registered, and follows those factories from then on. Lookups show READY
 * capsules only. Each READY capsule's tools are also registered as
 * {@link io.astrid.capsule.api.tool.CapsuleTool} OSGi services with the properties
 * {@value #CAPSULE_ID_PROPERTY}, {@value #TOOL_NAME_PROPERTY} and
 * {@value #QUALIFIED_NAME_PROPERTY}, so other bundles can track them.
 */
@ProviderType
public interface CapsuleRegistry {
  /** The Config Admin PID of the registry's configuration. */
  String PID = "io.astrid.capsule.registry";

  /**
   * Configuration key: the longest one tool call may run, also how long unloading a capsule waits for
   * its calls in flight; long, milliseconds, default 30000. A change applies to calls started after it.
   */
  String CALL_TIMEOUT_MS = "capsule.call.timeout.ms";

  /**
   * Configuration key: what a capsule's interceptor that fails (a trap, its call timeout, a malformed
   * answer) means for the tool call or command it was asked about; {@code deny} (the default) or
   * {@code allow}. A change applies to the calls started after it.
   */
  String INTERCEPTOR_FAILURE = "interceptor.failure";

  /** Service property of a whiteboard tool (String): its capsule's id. */
  String CAPSULE_ID_PROPERTY = "capsule.id";

  /** Service property of a whiteboard tool (String): its name within the capsule. */
  String TOOL_NAME_PROPERTY = "capsule.tool.name";

  /** Service property of a whiteboard tool (String): {@code capsule:{id}:{tool}}. */
  String QUALIFIED_NAME_PROPERTY = "capsule.tool.qualified.name";

  /**
   * Installs a capsule; it loads in the background. Its id is {@code manifest.name()}.
   *
   * @throws io.astrid.capsule.api.CapsuleException when a capsule with that id is installed
   */
  Capsule install(CapsuleManifest manifest, Path directory);

  /**
   * Replaces the installed capsule of the same id atomically: the new version is loaded beside
   * the old one, the entry is switched, then the old one is unloaded. Calls in flight on the old
   * version finish on it. When the new version does not become READY within {@code timeout}, it
   * is discarded and the old one keeps serving — unless the new one is WAITING for an engine and
   * the old one is not READY either: then the new one takes its place and waits.
   *
   * @return the new capsule, READY (or WAITING, as above)
   * @throws io.astrid.capsule.api.CapsuleException naming why the new version did not become
   *     READY; the old one is untouched
   */
  Capsule replace(CapsuleManifest manifest, Path directory, Duration timeout);

  /**
   * Unloads and removes a capsule; false when none has that id. Waits for the unload. The capsules
   * depending on it ({@code [dependencies]}) are unloaded first, the last loaded first, and stay
   * installed, WAITING with a reason naming it.
   */
  boolean uninstall(String capsuleId);

  Optional<Capsule> capsule(String capsuleId);

  /** All installed capsules, by id. */
  List<Capsule> capsules();

  /**
   * Waits until the capsule's state is settled (not LOADING or UNLOADING) and returns it. A capsule
   * WAITING for its dependencies is settled only once those have settled too.
   *
   * @throws io.astrid.capsule.api.CapsuleException when none has that id, or on timeout
   */
  CapsuleStatus awaitSettled(String capsuleId, Duration timeout);

  /** The tools of READY capsules, by qualified name. */
  List<RegisteredTool> tools();

  List<Contribution<LoadedCommand>> commands();

  List<Contribution<LoadedSkill>> skills();

  List<Contribution<LoadedContext>> context();

  /**
   * The resources and prompts of READY capsules' MCP servers, one entry per server, beside their tools
   * ({@link #tools()}); reads, prompts and subscriptions go to the server through the entry.
   */
  List<Contribution<McpServerContent>> mcpServers();

  List<Contribution<LlmProvider>> llmProviders();

  List<Contribution<Interceptor>> interceptors();

  List<Contribution<Uplink>> uplinks();

  List<Contribution<CronJob>> cronJobs();

  /**
   * Calls a tool through the pipeline: arguments validated against its input schema, the
   * {@link io.astrid.capsule.api.tool.ToolCallInterceptor}s before, the tool under the per-call
   * timeout, the interceptors after. Never throws for a failing call: an unknown tool, invalid
   * arguments, a denial, a timeout or a tool's exception is an error result that says which.
   */
  ToolResult call(String qualifiedName, Map<String, Object> arguments);

  /**
   * Calls an export of a capsule's plugin by name, bytes in and bytes out, the way a tool call
   * goes: only while the capsule is READY (during a replace, on the new version; unloading waits
   * for it), through the {@link io.astrid.capsule.api.tool.ToolCallInterceptor}s (as
   * {@link io.astrid.capsule.api.tool.ToolCall#ofExport}) and under the per-call timeout.
   *
   * @return the export's output
   * @throws io.astrid.capsule.api.CapsuleException when the capsule is not installed, not READY or
   *     has no plugin, an interceptor denies the call, or the call fails or times out; the
   *     message says which, in the form {@code export [NAME] of capsule [ID] ...: why}
   */
  byte[] invoke(String capsuleId, String export, byte[] input);

  /**
   * Runs a {@code [[command]]} of a READY capsule, the one way commands run (the CLI's
   * {@code capsule command} and the gateway's prompts): the {@code BeforeCommand} interceptors (any
   * may deny, or rewrite the arguments), the command — a declarative file rendered with the
   * arguments, or the capsule's runner ({@code astrid_command_run}) — then the {@code AfterCommand}
   * interceptors (any may replace the output). docs/manifest.md says how arguments are substituted.
   *
   * @param arguments what the user typed after the command's name, possibly empty
   * @return the text shown to the user
   * @throws io.astrid.capsule.api.CapsuleException in the form {@code command [/NAME] of capsule
   *     [ID] ...: why} when the capsule is not installed or not READY, offers no such command, an
   *     interceptor denies it, or the command fails
   */
  String runCommand(String capsuleId, String command, String arguments);
}
