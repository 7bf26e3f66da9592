package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.engine.support.HookRegistrar;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code [[interceptor]]}s of a capsule whose code is an MCP server (issue 18): its first
 * {@code [[mcp_server]]}'s engine, which after its load registers the capsule's {@link CapsuleHook}.
 * Each interceptor calls the server's tool its {@code action} names (else the event's name) with
 * the event's input as arguments; the tool's text is the answer — empty, or a JSON object — and a
 * tool error fails the hook. A tool the server does not list fails the load, naming it.
 */
final class McpHook implements ExecutionEngine, CapsuleHook {
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final McpServerEngine server;
  private final String serverId;
  private final List<Interceptor> interceptors;
  private final HookRegistrar<CapsuleHook> hooks;
  private String capsuleId;
  private volatile AutoCloseable registration;

  McpHook(McpServerEngine server, String serverId, List<Interceptor> interceptors, HookRegistrar<CapsuleHook> hooks) {
    this.server = server;
    this.serverId = serverId;
    this.interceptors = List.copyOf(interceptors);
    this.hooks = hooks;
  }

  @Override
  public String kind() {
    return server.kind();
  }

  @Override
  public String name() {
    return server.name();
  }

  @Override
  public void load(EngineContext context) throws Exception {
    server.load(context);
    capsuleId = context.capsuleId();
    Set<String> listed = server.contributions().tools().stream().map(CapsuleTool::name).collect(Collectors.toSet());
    for (Interceptor interceptor : interceptors) {
      if (!listed.contains(tool(interceptor))) {
        server.unload();
        throw new McpError("interceptor [" + tool(interceptor) + "] of capsule [" + capsuleId + "]: "
            + "mcp server [" + serverId + "] lists no tool [" + tool(interceptor) + "]");
      }
    }
    registration = hooks.register(capsuleId, this);
  }

  @Override
  public EngineContributions contributions() {
    return server.contributions();
  }

  @Override
  public void unload() throws Exception {
    AutoCloseable registered = registration;
    registration = null;
    try {
      if (registered != null) {
        registered.close();
      }
    } finally {
      server.unload();
    }
  }

  @Override
  public List<Interceptor> interceptors() {
    return interceptors;
  }

  @Override
  public Map<String, Object> trigger(Interceptor interceptor, Map<String, Object> input) {
    String tool = tool(interceptor);
    ToolResult result = server.call(tool, JsonRpcPeer.JSON.valueToTree(input));
    String what = "interceptor tool [" + tool + "] of capsule [" + capsuleId + "]";
    if (result.isError()) {
      throw new IllegalStateException(what + " failed: " + result.text());
    }
    String text = result.text().strip();
    if (text.isEmpty()) {
      return Map.of();
    }
    try {
      JsonNode answer = JsonRpcPeer.JSON.readTree(text);
      if (answer == null || !answer.isObject()) {
        throw new IllegalStateException(what + ": the answer is not a JSON object: " + text);
      }
      return JsonRpcPeer.JSON.convertValue(answer, OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(what + ": the answer is not JSON: " + text, e);
    }
  }

  private static String tool(Interceptor interceptor) {
    return interceptor.action().orElse(interceptor.event().name());
  }
}
