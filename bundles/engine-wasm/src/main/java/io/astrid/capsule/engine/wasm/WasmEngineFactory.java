package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.engine.WasmEngineConfiguration;
import io.astrid.capsule.api.host.CronScheduler;
import io.astrid.capsule.api.host.GuestLogRate;
import io.astrid.capsule.api.host.KeyValueStore;
import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.host.UplinkHub;
import io.astrid.capsule.api.host.Workspace;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.WorkspaceFiles;
import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.engine.support.HookRegistrar;
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
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code wasm} engine factory: one polyglot engine for all capsules (its code cache is
 * shared), one plugin context per capsule, the host's services behind the Astrid host functions,
 * and capsules' interceptors registered as {@link CapsuleHook} services. A plugin's exports
 * are offered in its engine's contributions, so they are called through the registry like tools.
 */
@Component(service = EngineFactory.class, configurationPid = WasmEngineConfiguration.PID,
    property = EngineFactory.KIND_PROPERTY + "=" + EngineFactory.WASM)
@Designate(ocd = WasmEngineFactory.Config.class)
public final class WasmEngineFactory implements EngineFactory {

  /** The keys of {@link WasmEngineConfiguration}, named by Declarative Services from the methods' names. */
  @ObjectClassDefinition(name = "Astrid capsule WebAssembly engine",
      description = "Limits of WebAssembly guests and the workspace their files are confined to.")
  public @interface Config {
    @AttributeDefinition(description = "the longest one guest call may run, in milliseconds; a runaway call is"
        + " interrupted")
    long wasm_call_timeout_ms() default 10_000;

    @AttributeDefinition(description = "the most linear memory a guest may have, in bytes (rounded down to 64 KiB"
        + " pages); guests instantiated after a change get it")
    long wasm_memory_max_bytes() default 64L * 1024 * 1024;

    @AttributeDefinition(description = "per-capsule limits: CAPSULE:timeout_ms=N, CAPSULE:memory_max_bytes=N",
        required = false)
    String[] wasm_limits() default {};

    @AttributeDefinition(description = "the workspace guests' files are confined to; empty: the framework property"
        + " astrid.workspace, else the directory the runtime was started in; read at the engine's start",
        required = false)
    String workspace() default "";
  }

  private static final Logger LOG = LoggerFactory.getLogger(WasmEngineFactory.class);

  private final Engine polyglot;
  private final HostServices services;
  private final HookRegistrar<CapsuleHook> hooks;
  private final String workspace;
  /** Replaced whole by {@link #modified}; every capsule's engine reads it at each call. */
  private volatile Limits limits;

  /** The default limits and the per-capsule ones, as configured. */
  private record Limits(WasmLimits defaults, Map<String, WasmLimits> byCapsule) {
    static Limits of(Config config) {
      WasmLimits defaults = new WasmLimits(Duration.ofMillis(config.wasm_call_timeout_ms()),
          config.wasm_memory_max_bytes());
      return new Limits(defaults, WasmLimits.overrides(config.wasm_limits(), defaults));
    }

    WasmLimits of(String capsule) {
      return byCapsule.getOrDefault(capsule, defaults);
    }
  }

  @Activate
  public WasmEngineFactory(BundleContext context, @Reference CapsuleSecurityGate gate,
      @Reference WorkspaceFiles files, @Reference KeyValueStore kv, @Reference MessageBus bus,
      @Reference UplinkHub uplinks, @Reference CronScheduler cron, @Reference GuestLogRate logRate, Config config) {
    this(new HostServices(gate, files, kv, bus, uplinks, cron, Workspace.resolve(config.workspace(),
        context.getProperty(Workspace.PROPERTY)), logRate, new CallWatchdog()),
        HookRegistrar.services(context, CapsuleHook.class), config);
  }

  WasmEngineFactory(HostServices services, HookRegistrar<CapsuleHook> hooks, Config config) {
    this.services = services;
    this.hooks = hooks;
    this.workspace = config.workspace();
    this.limits = Limits.of(config);
    this.polyglot = WasmPolyglot.newEngine();
    interpreterWarning(polyglot.getImplementationName()).ifPresent(LOG::warn);
  }

  /**
   * New limits without reloading a capsule (issue 16): its next call has the new timeout. The
   * workspace is part of the host services every loaded guest holds, so a new one waits for the
   * engine's next start, which the log says.
   */
  @Modified
  void modified(Config config) {
    limits = Limits.of(config);
    if (!workspace.equals(config.workspace())) {
      LOG.warn("{} [{}] of {} applies at the next start; guests keep [{}]", WasmEngineConfiguration.WORKSPACE,
          config.workspace(), WasmEngineConfiguration.PID, services.workspace());
    }
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
    String name = manifest.name();
    return manifest.component().stream()
        .map(component -> (ExecutionEngine) new WasmCapsuleEngine(polyglot, services, hooks, component,
            () -> limits.of(name).timeout(), limits.of(name).memoryMaxBytes()))
        .toList();
  }
}
