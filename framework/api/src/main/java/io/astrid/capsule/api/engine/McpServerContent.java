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
   * Whether the server declared the {@code completions} capability at its last start: only then does
   * {@link #complete} reach it. The default, for a server that offers none, is false.
   */
  default boolean offersCompletions() {
    return false;
  }

  /**
   * {@code completion/complete}: the values the server suggests for an argument of one of its prompts or
   * resource templates (issue 18).
   *
   * @param ref MCP's reference in the server's own names: {@code {"type": "ref/prompt", "name": NAME}} or
   *     {@code {"type": "ref/resource", "uri": URI_TEMPLATE}}
   * @param argument MCP's {@code {"name": NAME, "value": PARTIAL}}
   * @param context the values of the other arguments already given, by name (MCP's {@code context.arguments});
   *     may be empty
   * @return MCP's {@code CompleteResult} ({@code completion}: {@code values}, maybe {@code total},
   *     {@code hasMore})
   * @throws io.astrid.capsule.api.CapsuleException in the form {@code completion/complete failed [REF]: why}
   *     when the server offers no completions, answers with an error, or is down
   */
  default Map<String, Object> complete(Map<String, Object> ref, Map<String, Object> argument,
      Map<String, String> context) {
    throw new io.astrid.capsule.api.CapsuleException("completion/complete failed [" + ref + "]: mcp server ["
        + serverId() + "] offers no completions");
  }

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
