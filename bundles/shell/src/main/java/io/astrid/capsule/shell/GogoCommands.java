package io.astrid.capsule.shell;

import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.gateway.McpGateway;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.security.PendingApprovals;
import io.astrid.capsule.api.security.StoredApprovals;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code capsule:*} commands as Gogo functions, for the Gogo shell of the embedded launcher ({@code capsule
 * shell}): the same commands as Karaf's actions, both calling {@link ShellCommands}. Registered only while the
 * condition {@value #CONDITION} is (the launcher registers it for {@code capsule shell}): in Karaf, which turns
 * every Gogo function into a command of its own, they would stand beside the actions under the same names, and
 * without the actions' completion. The {@code __}-functions are the completions' candidates
 * ({@link GogoCompletions}); Gogo hides names that start with an underscore from the list of commands.
 */
@Component(service = GogoCommands.class, property = {
    "osgi.command.scope=capsule",
    "osgi.command.function=list", "osgi.command.function=inspect", "osgi.command.function=tools",
    "osgi.command.function=call", "osgi.command.function=reload", "osgi.command.function=invoke",
    "osgi.command.function=dock", "osgi.command.function=serve", "osgi.command.function=approvals",
    "osgi.command.function=audit", "osgi.command.function=exit", "osgi.command.function=__capsule_ids",
    "osgi.command.function=__tool_names",
    "osgi.ds.satisfying.condition.target=(osgi.condition.id=" + GogoCommands.CONDITION + ")"})
public final class GogoCommands {
  /** The condition ({@code osgi.condition.id}) under which the Gogo functions are registered. */
  public static final String CONDITION = "io.astrid.capsule.shell.gogo";

  // The commands' help, the same in both shells.
  static final String LIST = "Lists the docked capsules: version, state, engines, tools.";
  static final String INSPECT = "Shows one capsule as capsule inspect does: state, engines, capabilities, tools,"
      + " context, skills, commands, cron jobs, MCP servers with their resources, templates and prompts,"
      + " interceptors.";
  static final String TOOLS = "Lists every tool: qualified name, description, schema.";
  static final String CALL = "Calls one tool through the pipeline and prints its result.";
  static final String RELOAD = "Reloads one capsule from its directory.";
  static final String INVOKE = "Calls one export of a capsule's WebAssembly plugin.";
  static final String DOCK = "Docks every capsule found under the roots.";
  static final String SERVE = "Serves every capsule as one MCP server over HTTP.";
  static final String AUDIT = "Prints the last lines of the security gate's audit log.";
  static final String EXIT = "Leaves the shell: stops the runtime, as Ctrl-D does.";
  static final String APPROVALS = "Lists pending approval requests and MCP servers' forms; with ID and ANSWER (once,"
      + " session, always, deny, deny_always) answers a request, with ID accept NAME=VALUE..., decline or cancel a"
      + " form. --stored lists the stored always/never answers, --revoke forgets one.";
  static final String ID = "the capsule's id";
  static final String TOOL = "the qualified name, capsule:ID:TOOL";
  static final String JSON = "the arguments, a JSON object (default {})";
  static final String NO_ARGUMENTS = "{}";
  static final String EXPORT = "the export's name, such as count_vowels";
  static final String INPUT = "the input, as UTF-8 text";
  static final String ROOTS = "directories holding capsules";
  static final String LINES = "how many lines, the newest last (default 20)";
  static final String STORED = "lists the stored always and deny_always answers";
  static final String REVOKE = "forgets the stored answer CAPSULE CAPABILITY RESOURCE";
  static final String APPROVAL_ARGS = "ID ANSWER (a pending request's id and the answer), or ID accept NAME=VALUE...,"
      + " decline or cancel (a form's); with --revoke CAPSULE CAPABILITY RESOURCE";

  private final CapsuleRegistry registry;
  private final ManifestReader reader;
  private final CapsuleDiscovery discovery;
  private final StoredApprovals stored;
  private final ConfigurationAdmin configurations;
  private final McpGateway gateway;
  private final BundleContext context;

  // The queue exists only while its configuration does (QueuedApprover): optional, and may come and go.
  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
  private volatile PendingApprovals approvals;

  @Activate
  public GogoCommands(@Reference CapsuleRegistry registry, @Reference ManifestReader reader,
      @Reference CapsuleDiscovery discovery, @Reference StoredApprovals stored,
      @Reference ConfigurationAdmin configurations, @Reference McpGateway gateway, BundleContext context) {
    this.registry = registry;
    this.reader = reader;
    this.discovery = discovery;
    this.stored = stored;
    this.configurations = configurations;
    this.gateway = gateway;
    this.context = context;
  }

  @Descriptor(LIST)
  public void list() {
    run(() -> ShellCommands.list(registry));
  }

  @Descriptor(INSPECT)
  public void inspect(@Descriptor(ID) String id) {
    run(() -> ShellCommands.inspect(registry, id));
  }

  @Descriptor(TOOLS)
  public void tools() {
    run(() -> ShellCommands.tools(registry));
  }

  @Descriptor(CALL)
  public void call(@Descriptor(TOOL) String tool) {
    call(tool, NO_ARGUMENTS);
  }

  /**
   * A call whose tool failed prints the tool's error text, and the command does not fail: Gogo shows nothing of a
   * failed command run in the background ({@code &}), as a long call often is.
   */
  @Descriptor(CALL)
  public void call(@Descriptor(TOOL) String tool, @Descriptor(JSON) String arguments) {
    run(() -> ShellCommands.call(registry, tool, arguments)
        .ifPresent(error -> Console.error(err -> err.println(error))));
  }

  @Descriptor(RELOAD)
  public void reload(@Descriptor(ID) String id) {
    run(() -> ShellCommands.reload(registry, reader, id));
  }

  @Descriptor(INVOKE)
  public void invoke(@Descriptor(ID) String capsule, @Descriptor(EXPORT) String export) {
    run(() -> ShellCommands.invoke(registry, capsule, export, ""));
  }

  @Descriptor(INVOKE)
  public void invoke(@Descriptor(ID) String capsule, @Descriptor(EXPORT) String export,
      @Descriptor(INPUT) String input) {
    run(() -> ShellCommands.invoke(registry, capsule, export, input));
  }

  @Descriptor(DOCK)
  public void dock(@Descriptor(ROOTS) String... roots) {
    run(() -> {
      if (roots.length == 0) {
        throw new IllegalArgumentException("dock failed []: give at least one ROOT, a directory holding capsules");
      }
      ShellCommands.dock(discovery, registry, List.of(roots));
    });
  }

  @Descriptor(SERVE)
  public void serve() {
    run(() -> ShellCommands.serve(gateway));
  }

  @Descriptor(AUDIT)
  public void audit(
      @Descriptor(LINES) @Parameter(names = "-n", absentValue = "" + ShellCommands.AUDIT_LINES) int lines) {
    run(() -> ShellCommands.audit(configurations, lines));
  }

  @Descriptor(APPROVALS)
  public void approvals(
      @Descriptor(STORED) @Parameter(names = {"-s", "--stored"}, presentValue = "true", absentValue = "false")
          boolean listStored,
      @Descriptor(REVOKE) @Parameter(names = {"-r", "--revoke"}, presentValue = "true", absentValue = "false")
          boolean revoke,
      @Descriptor(APPROVAL_ARGS) String... args) {
    run(() -> Approvals.run(approvals, stored, listStored, revoke, List.of(args)));
  }

  /**
   * {@code exit}: Gogo has no command to leave its shell but end-of-input; stopping the framework is what Gogo's
   * shell does then (the launcher's {@code capsule shell} returns once it stopped).
   */
  @Descriptor(EXIT)
  public void exit() throws BundleException {
    context.getBundle(Constants.SYSTEM_BUNDLE_ID).stop();
  }

  /**
   * Runs one command; a failure goes to Gogo, which keeps it in {@code $exception} and prints it (its
   * {@code toString()}) as the command line prints one: {@code capsule: what failed [value]: why}.
   */
  private static void run(Runnable command) {
    try {
      command.run();
    } catch (RuntimeException e) {
      throw new Failure(e);
    }
  }

  /** A command's failure, shown by Gogo as the command line shows one. */
  static final class Failure extends RuntimeException {
    Failure(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }

    @Override
    public String toString() {
      return "capsule: " + getMessage();
    }
  }

  /** The candidates for a capsule id, when the word completed is the first argument. */
  public List<String> __capsule_ids(CommandSession session) {
    return GogoCompletions.firstArgument(session) ? Candidates.capsuleIds(registry) : List.of();
  }

  /** The candidates for a tool's qualified name, when the word completed is the first argument. */
  public List<String> __tool_names(CommandSession session) {
    return GogoCompletions.firstArgument(session) ? Candidates.toolNames(registry) : List.of();
  }
}
