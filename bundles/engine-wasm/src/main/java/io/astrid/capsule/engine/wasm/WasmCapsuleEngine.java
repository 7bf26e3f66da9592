package io.astrid.capsule.engine.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.manifest.Component;
import io.astrid.capsule.api.manifest.Tool;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.Content;
import io.astrid.capsule.api.tool.TextContent;
import io.astrid.capsule.api.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.slf4j.LoggerFactory;

/**
 * A capsule's WebAssembly component: loaded after its hash is checked and its memory capped, one
 * plugin (one polyglot context) per capsule on the shared engine. Each {@code [[tool]]} is called
 * through the export {@code astrid_tool_call} with {@code {"name", "arguments"}}; the output is a
 * tool result in JSON ({@code content}, {@code isError}) or plain text.
 */
final class WasmCapsuleEngine implements ExecutionEngine {
  static final String TOOL_EXPORT = "astrid_tool_call";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Engine polyglot;
  private final CapsuleSecurityGate gate;
  private final Component component;
  private final Duration callTimeout;
  private final long maxPages;
  private final Map<String, String> hostEnvironment;
  private volatile WasmPlugin plugin;
  private volatile List<CapsuleTool> tools = List.of();

  WasmCapsuleEngine(Engine polyglot, CapsuleSecurityGate gate, Component component, Duration callTimeout,
      long maxMemoryBytes, Map<String, String> hostEnvironment) {
    this.polyglot = polyglot;
    this.gate = gate;
    this.component = component;
    this.callTimeout = callTimeout;
    this.maxPages = maxMemoryBytes / MemoryLimit.PAGE_BYTES;
    this.hostEnvironment = Map.copyOf(hostEnvironment);
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
    Path directory = context.directory().toRealPath();
    Path file = directory.resolve(component.entrypoint()).toRealPath();
    if (!file.startsWith(directory)) {
      throw new IOException("component [" + component.entrypoint() + "]: resolves outside the capsule directory");
    }
    byte[] wasm = Files.readAllBytes(file);
    component.hash().flatMap(expected -> ComponentHash.mismatch(wasm, expected)).ifPresent(problem -> {
      throw new WasmCallException("component [" + component.entrypoint() + "]: " + problem);
    });
    plugin = WasmPlugin.load(polyglot, MemoryLimit.apply(wasm, maxPages), component.entrypoint(),
        context.manifest().envValues(hostEnvironment),
        new HostHttp(gate, new SecuritySubject(context.capsuleId(), context.manifest(), context.directory())),
        LoggerFactory.getLogger("io.astrid.capsule.engine.wasm." + context.capsuleId()));
    tools = context.manifest().tools().stream().map(tool -> (CapsuleTool) new WasmTool(tool)).toList();
  }

  @Override
  public EngineContributions contributions() {
    return EngineContributions.ofTools(tools);
  }

  @Override
  public void unload() {
    WasmPlugin loaded = plugin;
    plugin = null;
    tools = List.of();
    if (loaded != null) {
      loaded.close();
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
      WasmPlugin loaded = plugin;
      if (loaded == null) {
        return ToolResult.error("the component is not loaded");
      }
      ObjectNode request = JSON.createObjectNode().put("name", definition.name());
      request.set("arguments", JSON.valueToTree(arguments));
      byte[] output;
      try {
        output = loaded.call(TOOL_EXPORT, JSON.writeValueAsBytes(request), callTimeout);
      } catch (WasmCallException e) {
        return ToolResult.error(e.getMessage());
      }
      return result(new String(output, StandardCharsets.UTF_8));
    }

    private ToolResult result(String output) {
      try {
        JsonNode json = JSON.readTree(output);
        if (json != null && json.isObject() && json.has("content")) {
          List<Content> content = new ArrayList<>();
          json.get("content").forEach(item -> content.add(new TextContent(item.path("text").asText(item.toString()))));
          return new ToolResult(content, json.path("isError").asBoolean(false));
        }
      } catch (IOException e) {
        // Not JSON: the output is the text.
      }
      return ToolResult.text(output);
    }
  }
}
