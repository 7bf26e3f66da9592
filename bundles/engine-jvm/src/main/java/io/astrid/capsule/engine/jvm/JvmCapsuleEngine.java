package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.jvm.CapsuleToolProvider;
import io.astrid.capsule.api.manifest.Component;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * One JVM capsule: the gate's trust decision on its jars' hash, then its layer, then its
 * {@link CapsuleToolProvider}s' tools. Unload closes the providers and the host object and drops
 * the layer, so nothing of the runtime keeps the capsule's classes.
 */
final class JvmCapsuleEngine implements ExecutionEngine {
  private final JvmRuntime runtime;
  private final Component component;

  private GatedCapsuleHost host;
  private List<CapsuleToolProvider> providers = List.of();
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
    String hash = JarsHash.of(jars);
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
    List<CapsuleToolProvider> started = new ArrayList<>();
    providers = started;
    try {
      for (CapsuleToolProvider provider : ServiceLoader.load(layer, CapsuleToolProvider.class)) {
        started.add(provider);
        withLoader(loader, () -> provider.tools(host)).forEach(t -> tools.add(new LayerTool(t, loader)));
      }
    } catch (ServiceConfigurationError e) {
      throw new CapsuleException("tool provider of JVM capsule [" + context.capsuleId() + "] failed to start: "
          + e.getMessage(), e);
    }
    contributions = EngineContributions.ofTools(tools);
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
    for (CapsuleToolProvider provider : providers.reversed()) {
      try {
        provider.close();
      } catch (Exception e) {
        failed = failed == null ? new CapsuleException("closing tool provider [" + provider.getClass().getName()
            + "] failed: " + e.getMessage(), e) : failed;
      }
    }
    providers = List.of();
    if (host != null) {
      host.close();
      host = null;
    }
    layer = null;
    if (failed != null) {
      throw failed;
    }
  }

  private interface Action<T> {
    T run() throws Exception;
  }

  /** Libraries look classes up through the thread's context loader: it is the capsule's while its code runs. */
  private static <T> T withLoader(ClassLoader loader, Action<T> action) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.run();
    } finally {
      thread.setContextClassLoader(before);
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
      return withLoader(loader, () -> tool.call(arguments));
    }
  }
}
