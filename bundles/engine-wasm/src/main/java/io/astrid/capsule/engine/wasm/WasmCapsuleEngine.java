package io.astrid.capsule.engine.wasm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.host.GuestLogRate;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.Command;
import io.astrid.capsule.api.manifest.Component;
import io.astrid.capsule.api.manifest.CronJob;
import io.astrid.capsule.api.manifest.Tool;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.engine.support.ContentHash;
import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.engine.support.HookRegistrar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A capsule's WebAssembly component: loaded after its hash is checked and its memory capped, one
 * plugin (one polyglot context) per capsule on the shared engine. It offers the manifest's
 * {@code [[tool]]}s (export {@code astrid_tool_call}), its commands without a file
 * ({@code astrid_command_run}), its {@code [[interceptor]]}s ({@code astrid_hook_trigger}) and runs
 * its {@code [[cron]]} jobs ({@code astrid_cron_trigger}).
 */
final class WasmCapsuleEngine implements ExecutionEngine {
  static final String TOOL_EXPORT = "astrid_tool_call";
  static final String COMMAND_EXPORT = "astrid_command_run";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Engine polyglot;
  private final HostServices services;
  private final HookRegistrar<CapsuleHook> hooks;
  private final Component component;
  /** Asked at each call, so that a changed configuration reaches a loaded capsule (issue 16). */
  private final Supplier<Duration> callTimeout;
  private final long maxPages;
  private volatile WasmPlugin plugin;
  private volatile AstridHost host;
  private volatile AutoCloseable interceptor;
  private volatile Logger log;
  private volatile ToolCallInput toolInput;
  private volatile EngineContributions contributions = EngineContributions.NONE;

  WasmCapsuleEngine(Engine polyglot, HostServices services, HookRegistrar<CapsuleHook> hooks, Component component,
      Duration callTimeout, long maxMemoryBytes) {
    this(polyglot, services, hooks, component, () -> callTimeout, maxMemoryBytes);
  }

  WasmCapsuleEngine(Engine polyglot, HostServices services, HookRegistrar<CapsuleHook> hooks, Component component,
      Supplier<Duration> callTimeout, long maxMemoryBytes) {
    this.polyglot = polyglot;
    this.services = services;
    this.hooks = hooks;
    this.component = component;
    this.callTimeout = callTimeout;
    this.maxPages = maxMemoryBytes / MemoryLimit.PAGE_BYTES;
  }

  @Override
  public String kind() {
    return EngineFactory.WASM;
  }

  @Override
  public String name() {
    return "wasm";
  }

  @Override
  public void load(EngineContext context) throws IOException {
    byte[] wasm = readComponent(context.directory());
    CapsuleManifest manifest = context.manifest();
    log = LoggerFactory.getLogger(GuestLogRate.loggerName(context.capsuleId()));
    // Only this capsule's own values, as the CapsuleEnvironment resolved them: never the host's (issue 17).
    Map<String, String> config = context.env().values();
    SecuritySubject subject = new SecuritySubject(context.capsuleId(), manifest, services.workspace());
    HostHttp http = new HostHttp(services.gate(), subject);
    Logger guestLog = new RateLimitedLogger(log, services.logRate(), context.capsuleId());
    ExtismKernel kernel = new ExtismKernel(config, http, guestLog);
    AstridHost astrid = new AstridHost(kernel, new GuestFiles(services.files(), subject), http, services, subject,
        UpstreamConfig.encode(manifest.env(), config), guestLog, this::trigger,
        manifest.cronJobs().stream().map(CronJob::name).collect(Collectors.toSet()));
    host = astrid; // from here on, unload ends whatever the guest opened
    try {
      plugin = WasmPlugin.load(polyglot, MemoryLimit.apply(wasm, maxPages), component.entrypoint(), kernel,
          astrid.functions(), new GuestOutput(guestLog), services.watchdog());
      toolInput = new ToolCallInput(FunctionSignatures.of(wasm).exports());
      for (CronJob job : manifest.cronJobs()) {
        astrid.scheduleDeclared(job.name(), job.schedule(), job.action());
      }
      if (!manifest.interceptors().isEmpty()) {
        interceptor = hooks.register(context.capsuleId(),
            new WasmHook(context.capsuleId(), manifest.interceptors(), this::call));
      }
    } catch (RuntimeException e) {
      unload();
      throw e;
    }
    List<CapsuleTool> tools = manifest.tools().stream().map(tool -> (CapsuleTool) new WasmTool(tool)).toList();
    List<LoadedCommand> commands = new ArrayList<>();
    for (Command command : manifest.commands()) {
      if (command.file().isEmpty()) {
        commands.add(LoadedCommand.run(command.name(), command.description(),
            arguments -> runCommand(command.name(), arguments)));
      }
    }
    // The exports go to the registry with the tools, so an export call passes its call gate, interceptors and
    // timeout like a tool call (issue 20 finding 7).
    contributions = new EngineContributions(tools, List.of(), List.of(), commands).withExports(this::callExport);
  }

  /** The component's bytes, once they are known to lie in the capsule directory and match the manifest's hash. */
  private byte[] readComponent(Path capsuleDirectory) throws IOException {
    Path directory = capsuleDirectory.toRealPath();
    Path file = directory.resolve(component.entrypoint()).toRealPath();
    if (!file.startsWith(directory)) {
      throw new IOException("component [" + component.entrypoint() + "]: resolves outside the capsule directory");
    }
    byte[] wasm = Files.readAllBytes(file);
    component.hash().flatMap(expected -> ContentHash.mismatch(wasm, expected)).ifPresent(problem -> {
      throw new WasmCallException("component [" + component.entrypoint() + "]: " + problem);
    });
    return wasm;
  }

  @Override
  public EngineContributions contributions() {
    return contributions;
  }

  @Override
  public void unload() {
    contributions = EngineContributions.NONE;
    AutoCloseable hook = interceptor;
    interceptor = null;
    if (hook != null) {
      try {
        hook.close();
      } catch (Exception e) {
        log.warn("the interceptor of [{}] could not be unregistered: {}", component.entrypoint(), e.getMessage());
      }
    }
    AstridHost astrid = host;
    host = null;
    if (astrid != null) {
      astrid.close();
    }
    WasmPlugin loaded = plugin;
    plugin = null;
    if (loaded != null) {
      loaded.close();
    }
  }

  /** Calls {@code export} with {@code input} on the loaded plugin. */
  byte[] call(String export, byte[] input) {
    WasmPlugin loaded = plugin;
    if (loaded == null) {
      throw new WasmCallException("the component is not loaded");
    }
    return loaded.call(export, input, callTimeout.get());
  }

  /** {@link #call} for the registry's export calls, which expect an IOException. */
  private byte[] callExport(String export, byte[] input) throws IOException {
    try {
      return call(export, input);
    } catch (WasmCallException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** A cron job's run: nobody waits for it, so its failure is logged. */
  private void trigger(String export, byte[] input) {
    try {
      call(export, input);
    } catch (WasmCallException e) {
      log.warn("{} failed: {}", export, e.getMessage());
    }
  }

  private String runCommand(String name, String arguments) throws IOException {
    ObjectNode request = JSON.createObjectNode().put("command", name).put("arguments", arguments);
    try {
      return new String(call(COMMAND_EXPORT, JSON.writeValueAsBytes(request)), StandardCharsets.UTF_8);
    } catch (WasmCallException e) {
      throw new IOException("/" + name + ": " + e.getMessage(), e);
    }
  }

  /** A {@code [[tool]]} run by the component. */
  private final class WasmTool implements CapsuleTool {
    private final Tool definition;

    WasmTool(Tool definition) {
      this.definition = definition;
    }

    @Override
    public String name() {
      return definition.name();
    }

    @Override
    public String description() {
      return definition.description();
    }

    @Override
    public Map<String, Object> inputSchema() {
      return definition.inputSchema();
    }

    @Override
    public ToolResult call(Map<String, Object> arguments) throws IOException {
      try {
        return GuestResults.toolResult(WasmCapsuleEngine.this.call(TOOL_EXPORT,
            toolInput.of(definition.name(), arguments)));
      } catch (WasmCallException e) {
        return ToolResult.error(e.getMessage());
      }
    }
  }
}
