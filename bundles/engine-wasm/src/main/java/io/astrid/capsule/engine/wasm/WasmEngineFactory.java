package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.host.CronScheduler;
import io.astrid.capsule.api.host.GuestLogRate;
import io.astrid.capsule.api.host.KeyValueStore;
import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.host.UplinkHub;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.WorkspaceFiles;
import io.astrid.capsule.engine.support.HookRegistrar;
import io.astrid.capsule.engine.support.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.graalvm.polyglot.Engine;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.LoggerFactory;

/**
 * The {@code wasm} engine factory: one polyglot engine for all capsules (its code cache is
 * shared), one plugin context per capsule, the host's services behind the Astrid host functions,
 * and capsules' interceptors registered as {@link ToolCallInterceptor} services. A plugin's exports
 * are offered in its engine's contributions, so they are called through the registry like tools.
 */
@Component(service = EngineFactory.class, property = EngineFactory.KIND_PROPERTY + "=" + EngineFactory.WASM)
public final class WasmEngineFactory implements EngineFactory {

  /** Configuration (component property types). */
  public @interface Config {
    /** The longest one guest call may run, in milliseconds; a runaway call is interrupted. */
    long wasm_call_timeout_ms() default 10_000;

    /** The most linear memory a guest may have, in bytes (rounded down to 64 KiB pages). */
    long wasm_memory_max_bytes() default 64L * 1024 * 1024;

    /** Per-capsule limits: {@code CAPSULE:timeout_ms=N}, {@code CAPSULE:memory_max_bytes=N}. */
    String[] wasm_limits() default {};

    /**
     * The workspace guests' files are confined to; empty: the framework property
     * {@value WasmEngineFactory#WORKSPACE_PROPERTY}, else the directory the runtime was started in.
     */
    String workspace() default "";
  }

  /** The framework (or system) property naming the workspace when the configuration does not. */
  public static final String WORKSPACE_PROPERTY = "astrid.workspace";

  private final Engine polyglot;
  private final HostServices services;
  private final HookRegistrar hooks;
  private final WasmLimits defaults;
  private final Map<String, WasmLimits> limits;

  @Activate
  public WasmEngineFactory(BundleContext context, @Reference CapsuleSecurityGate gate,
      @Reference WorkspaceFiles files, @Reference KeyValueStore kv, @Reference MessageBus bus,
      @Reference UplinkHub uplinks, @Reference CronScheduler cron, @Reference GuestLogRate logRate, Config config) {
    this(new HostServices(gate, files, kv, bus, uplinks, cron, Workspace.of(config.workspace(),
        context.getProperty(WORKSPACE_PROPERTY)), logRate, new CallWatchdog()),
        HookRegistrar.services(context), config);
  }

  WasmEngineFactory(HostServices services, HookRegistrar hooks, Config config) {
    this.services = services;
    this.hooks = hooks;
    this.defaults = new WasmLimits(Duration.ofMillis(config.wasm_call_timeout_ms()), config.wasm_memory_max_bytes());
    this.limits = WasmLimits.overrides(config.wasm_limits(), defaults);
    // Truffle's own warning goes to stderr and names options our users never set; ours says what to do.
    // Tool calls run on their callers' threads, often virtual ones, where Truffle warns that tools needing
    // caller frames do not work; WebAssembly needs none. That switch is an experimental option, the only
    // one enabled here.
    this.polyglot = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false")
        .allowExperimentalOptions(true).option("engine.WarnVirtualThreadSupport", "false").build();
    interpreterWarning(polyglot.getImplementationName())
        .ifPresent(LoggerFactory.getLogger(WasmEngineFactory.class)::warn);
  }

  /** The warning to log when the polyglot engine named so has no runtime compiler, if any. */
  static Optional<String> interpreterWarning(String implementationName) {
    if (!"Interpreted".equals(implementationName)) {
      return Optional.empty();
    }
    return Optional.of("WebAssembly guests run in the interpreter, many times slower than compiled: this JVM has"
        + " no Graal compiler for Truffle. Enable it with -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI and"
        + " --upgrade-module-path=<org.graalvm.compiler:compiler 25.0.2 jar> (see docs/runtime.md).");
  }

  @Deactivate
  void deactivate() {
    services.watchdog().close();
    polyglot.close(true);
  }

  @Override
  public String kind() {
    return WASM;
  }

  @Override
  public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
    WasmLimits capsule = limits.getOrDefault(manifest.name(), defaults);
    return manifest.component().stream()
        .map(component -> (ExecutionEngine) new WasmCapsuleEngine(polyglot, services, hooks, component,
            capsule.timeout(), capsule.memoryMaxBytes()))
        .toList();
  }
}
