package io.astrid.capsule.api.engine;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The resources and prompts of one MCP server of a capsule, beside its tools: what an engine running
 * such a server (the mcp engine) offers in its {@link EngineContributions}. Lists are the server's as
 * it last listed them (at its start, and again on its {@code list_changed} notifications, after which
 * the engine reports {@link EngineMonitor#contributionsChanged()}); reads, prompts and subscriptions go
 * to the server itself.
 *
 * <p>Values are MCP's JSON objects as plain Java objects ({@code Map<String, Object>},
 * {@code List<Object>}, {@code String}, {@code Number}, {@code Boolean}), with the server's own URIs and
 * names: whoever serves them to others (the gateway) namespaces them. Listed entries keep only MCP's
 * fields of their kind, with descriptions cut short; there are at most {@link #MAX_ENTRIES} of each.
 *
 * <p>Thread-safe. After the engine is unloaded every request fails.
 */
@ConsumerType
public interface McpServerContent {
  /** The most resources, resource templates or prompts kept of one server; the rest are dropped with a warning. */
  int MAX_ENTRIES = 1000;

  /** The server's {@code [[mcp_server]] id}. */
  String serverId();

  /** {@code resources/list}: MCP {@code Resource} objects ({@code uri}, {@code name}, ...). */
  List<Map<String, Object>> resources();

  /** {@code resources/templates/list}: MCP {@code ResourceTemplate} objects ({@code uriTemplate}, {@code name}...). */
  List<Map<String, Object>> resourceTemplates();

  /** {@code prompts/list}: MCP {@code Prompt} objects ({@code name}, {@code arguments}, ...). */
  List<Map<String, Object>> prompts();

  /**
   * Reads resource {@code uri} of the server (one it lists, or one of its templates').
   *
   * @return MCP's {@code ReadResourceResult} ({@code contents})
   * @throws io.astrid.capsule.api.CapsuleException in the form {@code resources/read failed [URI]: why}
   *     when the server answers with an error, its answer is too large, or the server is down
   */
  Map<String, Object> read(String uri);

  /**
   * Gets prompt {@code name} of the server with {@code arguments}.
   *
   * @return MCP's {@code GetPromptResult} ({@code messages}, maybe {@code description})
   * @throws io.astrid.capsule.api.CapsuleException in the form {@code prompts/get failed [NAME]: why}
   */
  Map<String, Object> prompt(String name, Map<String, String> arguments);

  /**
   * Subscribes to resource {@code uri}: {@code updated} runs (on a thread of the engine) each time the
   * server sends {@code notifications/resources/updated} for it, until the subscription is closed. The
   * server is asked to subscribe once however many subscribe, and to unsubscribe when the last one
   * closes.
   *
   * @throws io.astrid.capsule.api.CapsuleException in the form {@code resources/subscribe failed [URI]:
   *     why} when the server does not offer subscriptions or refuses this one
   */
  AutoCloseable subscribe(String uri, Runnable updated);
}
