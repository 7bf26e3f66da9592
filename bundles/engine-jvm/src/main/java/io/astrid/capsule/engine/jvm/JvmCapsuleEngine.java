package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.engine.CommandRunner;
import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.jvm.CapsuleCommandProvider;
import io.astrid.capsule.api.jvm.CapsuleHookProvider;
import io.astrid.capsule.api.jvm.CapsuleToolProvider;
import io.astrid.capsule.api.jvm.HookHandler;
import io.astrid.capsule.api.manifest.Command;
import io.astrid.capsule.api.manifest.Component;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.engine.support.ContentHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * One JVM capsule: the gate's trust decision on its jars' hash, then its layer, then its
 * {@link CapsuleToolProvider}s' tools, {@link CapsuleCommandProvider}s' commands and
 * {@link CapsuleHookProvider}'s hook, registered as the capsule's one {@code CapsuleHook}. Unload
 * unregisters the hook, closes the providers and the host object and drops the layer, so nothing of
 * the runtime keeps the capsule's classes.
 */
final class JvmCapsuleEngine implements ExecutionEngine {
  private final JvmRuntime runtime;
  private final Component component;

  private GatedCapsuleHost host;
  private final List<AutoCloseable> started = new ArrayList<>();
  private AutoCloseable hook;
  private ModuleLayer layer;
  private volatile EngineContributions contributions = EngineContributions.NONE;

  JvmCapsuleEngine(JvmRuntime runtime, Component component) {
    this.runtime = runtime;
    this.component = component;
  }

  @Override
  public String kind() {
    return EngineFactory.JVM;
  }

  @Override
  public String name() {
    return "jvm:" + component.entrypoint();
  }

  @Override
  public void load(EngineContext context) throws Exception {
    Path entrypoint = context.directory().resolve(component.entrypoint());
    List<Path> jars = jars(entrypoint.getParent());
    String hash = ContentHash.ofFiles(jars);
    SecuritySubject subject = new SecuritySubject(context.capsuleId(), context.manifest(), runtime.workspace());
    GateDecision trust = runtime.gate().check(subject, new GateRequest.JvmCode(hash));
    if (!trust.allowed()) {
      throw new CapsuleException("JVM capsule [" + context.capsuleId() + "] not loaded: " + trust.reason());
    }
    layer = LayerBuilder.build(context.directory(), jars, runtime.apiLayer(), runtime.loader(), runtime.apiModule());
    host = new GatedCapsuleHost(subject, runtime.gate(), runtime.files(), runtime.kv(),
        // Only this capsule's own values, as the CapsuleEnvironment resolved them: never the host's (issue 17).
        context.env().values());
    ClassLoader loader = layer.modules().iterator().next().getClassLoader();
    List<CapsuleTool> tools = new ArrayList<>();
    for (List<CapsuleTool> offered : start(context, loader, CapsuleToolProvider.class, "tool provider",
        p -> p.tools(host))) {
      offered.forEach(t -> tools.add(new LayerTool(t, loader)));
    }
    List<LoadedCommand> commands = commands(context, loader,
        start(context, loader, CapsuleCommandProvider.class, "command provider", p -> p.commands(host)));
    hooks(context, loader, start(context, loader, CapsuleHookProvider.class, "hook provider",
        p -> handler(context, p)));
    contributions = new EngineContributions(tools, List.of(), List.of(), commands);
  }

  private interface Start<P, R> {
    R apply(P provider) throws Exception;
  }

  /**
   * Every {@code type} service of the layer, instantiated and started; each is closed at unload,
   * even when starting it failed.
   */
  private <P extends AutoCloseable, R> List<R> start(EngineContext context, ClassLoader loader, Class<P> type,
      String noun, Start<P, R> start) throws Exception {
    List<R> results = new ArrayList<>();
    try {
      for (P provider : ServiceLoader.load(layer, type)) {
        started.add(provider);
        results.add(ContextLoader.run(loader, () -> start.apply(provider)));
      }
    } catch (ServiceConfigurationError e) {
      throw new CapsuleException(noun + " of JVM capsule [" + context.capsuleId() + "] failed to start: "
          + e.getMessage(), e);
    }
    return results;
  }

  /** The manifest's {@code [[command]]}s without a file, each run by the one runner offered for it. */
  private static List<LoadedCommand> commands(EngineContext context, ClassLoader loader,
      List<Map<String, CommandRunner>> offered) {
    Map<String, CommandRunner> runners = new HashMap<>();
    for (Map<String, CommandRunner> provider : offered) {
      provider.forEach((name, runner) -> {
        if (runners.putIfAbsent(name, runner) != null) {
          throw new CapsuleException("command [" + name + "] of JVM capsule [" + context.capsuleId()
              + "] is offered by two command providers");
        }
      });
    }
    List<LoadedCommand> commands = new ArrayList<>();
    for (Command command : context.manifest().commands()) {
      if (command.file().isEmpty()) {
        CommandRunner runner = runners.remove(command.name());
        if (runner == null) {
          throw new CapsuleException("command [" + command.name() + "] of JVM capsule [" + context.capsuleId()
              + "]: no CapsuleCommandProvider offers it");
        }
        commands.add(LoadedCommand.run(command.name(), command.description(),
            arguments -> ContextLoader.run(loader, () -> runner.run(arguments))));
      }
    }
    if (!runners.isEmpty()) {
      throw new CapsuleException("command " + runners.keySet().stream().sorted().toList() + " of JVM capsule ["
          + context.capsuleId() + "] is not a [[command]] without file in its manifest");
    }
    return commands;
  }

  /**
   * The provider's handler; a {@code ToolCallInterceptor} it offers instead is adapted, and refused
   * when the manifest declares an event it cannot see.
   */
  private HookHandler handler(EngineContext context, CapsuleHookProvider provider) throws Exception {
    Optional<HookHandler> handler = provider.handler(host);
    return handler.isPresent() ? handler.get()
        : new ToolCallHandler(context.capsuleId(), provider.interceptor(host), context.manifest().interceptors());
  }

  /** Registers the capsule's one hook, for the events its manifest declares (issue 18: every event). */
  private void hooks(EngineContext context, ClassLoader loader, List<HookHandler> offered) {
    List<Interceptor> declared = context.manifest().interceptors();
    if (offered.isEmpty() && !declared.isEmpty()) {
      throw new CapsuleException("[[interceptor]] of JVM capsule [" + context.capsuleId()
          + "]: no CapsuleHookProvider offers a hook");
    }
    if (offered.size() > 1) {
      throw new CapsuleException("hook provider of JVM capsule [" + context.capsuleId() + "]: " + offered.size()
          + " CapsuleHookProviders, where one handler answers each event");
    }
    if (!offered.isEmpty() && declared.isEmpty()) {
      throw new CapsuleException("hook provider of JVM capsule [" + context.capsuleId()
          + "]: the manifest declares no [[interceptor]]");
    }
    if (!offered.isEmpty()) {
      hook = runtime.hooks().register(context.capsuleId(),
          new JvmHooks(context.capsuleId(), offered.getFirst(), declared, loader));
    }
  }

  /** The jars beside the entrypoint, in name order (the order their hash is taken in). */
  private static List<Path> jars(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(Component.JAR_SUFFIX) && Files.isRegularFile(f))
          .sorted().toList();
    }
  }

  @Override
  public Optional<ModuleLayer> layer() {
    return Optional.ofNullable(layer);
  }

  @Override
  public EngineContributions contributions() {
    return contributions;
  }

  @Override
  public void unload() throws Exception {
    contributions = EngineContributions.NONE;
    CapsuleException failed = null;
    List<AutoCloseable> closing = new ArrayList<>();
    if (hook != null) {
      closing.add(hook); // unregistered first: no call reaches a hook whose provider is closed
      hook = null;
    }
    closing.addAll(started.reversed());
    started.clear();
    for (AutoCloseable open : closing) {
      try {
        open.close();
      } catch (Exception e) {
        failed = failed == null ? new CapsuleException("closing [" + open.getClass().getName() + "] of JVM capsule"
            + " failed: " + e.getMessage(), e) : failed;
      }
    }
    if (host != null) {
      host.close();
      host = null;
    }
    layer = null;
    if (failed != null) {
      throw failed;
    }
  }

  /** A capsule's tool, run with the capsule's loader as the context loader. */
  private record LayerTool(CapsuleTool tool, ClassLoader loader) implements CapsuleTool {
    @Override
    public String name() {
      return tool.name();
    }

    @Override
    public String description() {
      return tool.description();
    }

    @Override
    public Map<String, Object> inputSchema() {
      return tool.inputSchema();
    }

    @Override
    public ToolResult call(Map<String, Object> arguments) throws Exception {
      return ContextLoader.run(loader, () -> tool.call(arguments));
    }
  }
}
