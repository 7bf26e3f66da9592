package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.McpServerContent;
import io.astrid.capsule.internal.text.UntrustedText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The resources, resource templates and prompts of one MCP server (issue 18), listed when the server
 * is ready and again on its {@code list_changed} notifications, each list only when the server declared
 * the capability; reads, prompts and subscriptions are requests to the server as it runs now. Listed
 * entries keep MCP's fields of their kind only, descriptions cut at {@link McpTool#MAX_DESCRIPTION_CHARS},
 * at most {@link #MAX_ENTRIES} of each; answers are bounded by the connection's line cap (4 MiB).
 * Thread-safe.
 */
final class ServerContent implements McpServerContent {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final List<String> RESOURCE_TEXTS = List.of("name", "title", "description", "mimeType");
  private static final List<String> ARGUMENT_TEXTS = List.of("title", "description");

  /** The session of the server as it runs now; throws saying why there is none (restarting, gave up). */
  interface LiveSession {
    McpSession get() throws McpError;
  }

  private final String serverId;
  private final LiveSession live;
  private final Supplier<Duration> timeout;
  private final Logger log;
  private volatile boolean offered;
  private volatile boolean completions;
  private volatile List<Map<String, Object>> resources = List.of();
  private volatile List<Map<String, Object>> templates = List.of();
  private volatile List<Map<String, Object>> prompts = List.of();
  /** The subscribers of each subscribed URI; a URI is in here exactly while the server has it subscribed. */
  private final Map<String, Set<Runnable>> subscribers = new LinkedHashMap<>(); // guarded by itself

  ServerContent(String serverId, LiveSession live, Supplier<Duration> timeout, Logger log) {
    this.serverId = serverId;
    this.live = live;
    this.timeout = timeout;
    this.log = log;
  }

  /** Whether the server declared resources or prompts at its last start: only then is it offered. */
  boolean offered() {
    return offered;
  }

  /** The lists of a server that declared resources and prompts. */
  private static final McpSession.ListMethod RESOURCE_LIST = new McpSession.ListMethod("resources/list", "resources");
  private static final McpSession.ListMethod TEMPLATE_LIST = new McpSession.ListMethod("resources/templates/list",
      "resourceTemplates");
  private static final McpSession.ListMethod PROMPT_LIST = new McpSession.ListMethod("prompts/list", "prompts");

  /** The lists a server with these capabilities (declared at initialize) offers: requested with its tools'. */
  static List<McpSession.ListMethod> lists(JsonNode capabilities) {
    List<McpSession.ListMethod> lists = new ArrayList<>();
    if (capabilities.has("resources")) {
      lists.add(RESOURCE_LIST);
      lists.add(TEMPLATE_LIST);
    }
    if (capabilities.has("prompts")) {
      lists.add(PROMPT_LIST);
    }
    return lists;
  }

  /**
   * Takes what the fresh {@code session} listed of {@link #lists} at its start ({@code listed}, in that
   * order) and subscribes again to what clients subscribed to before a restart.
   *
   * @return whether a list changed
   */
  boolean ready(McpSession session, List<McpSession.Listed> listed, Duration within) {
    JsonNode capabilities = session.serverCapabilities();
    offered = capabilities.has("resources") || capabilities.has("prompts");
    completions = capabilities.has("completions");
    boolean changed = take(lists(capabilities), listed, true, true);
    List<String> subscribed;
    synchronized (subscribers) {
      subscribed = List.copyOf(subscribers.keySet());
    }
    for (String uri : subscribed) {
      try {
        session.peer().request("resources/subscribe", uriParams(uri), within);
      } catch (McpError e) {
        log.warn("mcp server [{}]: subscribing again to [{}] failed: {}", serverId, UntrustedText.escape(uri, 200),
            e.getMessage());
      }
    }
    return changed;
  }

  /** {@code resources/list} and {@code resources/templates/list} again; whether either changed. */
  boolean refreshResources(McpSession session, Duration within) {
    List<McpSession.ListMethod> lists = session.serverCapabilities().has("resources")
        ? List.of(RESOURCE_LIST, TEMPLATE_LIST) : List.of();
    return take(lists, list(session, lists, within), true, false);
  }

  /** {@code prompts/list} again; whether it changed. */
  boolean refreshPrompts(McpSession session, Duration within) {
    List<McpSession.ListMethod> lists = session.serverCapabilities().has("prompts") ? List.of(PROMPT_LIST) : List.of();
    return take(lists, list(session, lists, within), false, true);
  }

  private List<McpSession.Listed> list(McpSession session, List<McpSession.ListMethod> lists, Duration within) {
    try {
      return session.list(lists, within);
    } catch (McpError e) {
      log.warn("mcp server [{}]: {}", serverId, e.getMessage());
      return List.of(); // the connection is gone: it offers nothing now
    }
  }

  /**
   * Keeps what {@code lists} gave ({@code listed}, in their order, or empty); a kind not among them (the
   * server no longer declares it, or nothing could be listed) becomes empty, for the kinds asked for.
   *
   * @return whether one of those kinds changed
   */
  private boolean take(List<McpSession.ListMethod> lists, List<McpSession.Listed> listed, boolean ofResources,
      boolean ofPrompts) {
    List<Map<String, Object>> listedResources = List.of();
    List<Map<String, Object>> listedTemplates = List.of();
    List<Map<String, Object>> listedPrompts = List.of();
    for (int i = 0; i < Math.min(lists.size(), listed.size()); i++) {
      McpSession.ListMethod list = lists.get(i);
      if (list.equals(RESOURCE_LIST)) {
        listedResources = entries(list, listed.get(i), "uri");
      } else if (list.equals(TEMPLATE_LIST)) {
        listedTemplates = entries(list, listed.get(i), "uriTemplate");
      } else {
        listedPrompts = entries(list, listed.get(i), "name");
      }
    }
    boolean changed = false;
    if (ofResources) {
      changed = !listedResources.equals(resources) || !listedTemplates.equals(templates);
      resources = listedResources;
      templates = listedTemplates;
    }
    if (ofPrompts) {
      changed |= !listedPrompts.equals(prompts);
      prompts = listedPrompts;
    }
    return changed;
  }

  /**
   * {@code notifications/resources/updated}: each subscriber of {@code uri}, on a thread of its own, for
   * the reader that calls this must not wait for a subscribe that waits for the reader.
   */
  void updated(String uri) {
    Thread.ofVirtual().name("mcp-updated-" + serverId).start(() -> {
      List<Runnable> notified;
      synchronized (subscribers) {
        notified = List.copyOf(subscribers.getOrDefault(uri, Set.of()));
      }
      notified.forEach(Runnable::run);
    });
  }

  @Override
  public String serverId() {
    return serverId;
  }

  @Override
  public List<Map<String, Object>> resources() {
    return resources;
  }

  @Override
  public List<Map<String, Object>> resourceTemplates() {
    return templates;
  }

  @Override
  public List<Map<String, Object>> prompts() {
    return prompts;
  }

  @Override
  public Map<String, Object> read(String uri) {
    return ask("resources/read", uri, uriParams(uri));
  }

  @Override
  public Map<String, Object> prompt(String name, Map<String, String> arguments) {
    ObjectNode params = JsonRpcPeer.JSON.createObjectNode().put("name", name);
    params.set("arguments", JsonRpcPeer.JSON.valueToTree(arguments));
    return ask("prompts/get", name, params);
  }

  @Override
  public boolean offersCompletions() {
    return completions;
  }

  @Override
  public Map<String, Object> complete(Map<String, Object> ref, Map<String, Object> argument,
      Map<String, String> context) {
    String method = "completion/complete";
    // The reference as the server knows it, for the error: ref/prompt NAME or ref/resource URI.
    String subject = ref.get("type") + " " + ref.getOrDefault("name", ref.get("uri"));
    if (!completions) {
      throw failure(method, subject, "mcp server [" + serverId + "] offers no completions");
    }
    ObjectNode params = JsonRpcPeer.JSON.createObjectNode();
    params.set("ref", JsonRpcPeer.JSON.valueToTree(ref));
    params.set("argument", JsonRpcPeer.JSON.valueToTree(argument));
    if (!context.isEmpty()) {
      params.putObject("context").set("arguments", JsonRpcPeer.JSON.valueToTree(context));
    }
    return ask(method, subject, params);
  }

  @Override
  public AutoCloseable subscribe(String uri, Runnable updated) {
    String method = "resources/subscribe";
    synchronized (subscribers) {
      Set<Runnable> those = subscribers.get(uri);
      if (those == null) {
        if (subscribers.size() >= MAX_ENTRIES) {
          throw failure(method, uri, "mcp server [" + serverId + "] has " + MAX_ENTRIES
              + " resources subscribed, the most it takes");
        }
        McpSession session = session(method, uri);
        if (!session.serverCapabilities().path("resources").path("subscribe").asBoolean(false)) {
          throw failure(method, uri, "mcp server [" + serverId + "] does not offer subscriptions");
        }
        ask(method, uri, uriParams(uri));
        those = new CopyOnWriteArraySet<>();
        subscribers.put(uri, those);
      }
      those.add(updated);
    }
    return () -> unsubscribe(uri, updated);
  }

  private void unsubscribe(String uri, Runnable updated) {
    synchronized (subscribers) {
      Set<Runnable> those = subscribers.get(uri);
      if (those == null || !those.remove(updated) || !those.isEmpty()) {
        return;
      }
      subscribers.remove(uri);
    }
    try {
      live.get().peer().request("resources/unsubscribe", uriParams(uri), timeout.get());
    } catch (McpError e) {
      log.debug("mcp server [{}]: resources/unsubscribe of [{}] failed: {}", serverId, UntrustedText.escape(uri, 200),
          e.getMessage());
    }
  }

  /** A request of a client to the server; fails in the form {@code METHOD failed [SUBJECT]: why}. */
  private Map<String, Object> ask(String method, String subject, ObjectNode params) {
    McpSession session = session(method, subject);
    try {
      return JsonRpcPeer.JSON.convertValue(session.peer().request(method, params, timeout.get()), MAP);
    } catch (McpError e) {
      String why = e.getMessage();
      // The peer words an error response "METHOD failed: TEXT"; the subject goes between.
      String prefix = method + " failed: ";
      throw failure(method, subject, "mcp server [" + serverId + "]: "
          + (why.startsWith(prefix) ? why.substring(prefix.length()) : why));
    }
  }

  private McpSession session(String method, String subject) {
    try {
      return live.get();
    } catch (McpError e) {
      throw failure(method, subject, e.getMessage());
    }
  }

  private static CapsuleException failure(String method, String subject, String why) {
    return new CapsuleException(method + " failed [" + UntrustedText.escape(subject, 200) + "]: " + why);
  }

  private static ObjectNode uriParams(String uri) {
    return JsonRpcPeer.JSON.createObjectNode().put("uri", uri);
  }

  /**
   * The entries of a list, each with its {@code key} a string (others are skipped with a warning),
   * reduced to MCP's fields, at most {@link #MAX_ENTRIES}; a server that failed the list (one that
   * declares resources but no templates, say) offers none of it.
   */
  private List<Map<String, Object>> entries(McpSession.ListMethod list, McpSession.Listed listing, String key) {
    String method = list.method();
    List<JsonNode> listed;
    try {
      listed = listing.entries();
    } catch (McpError e) {
      log.warn("mcp server [{}]: {}", serverId, e.getMessage());
      return List.of();
    }
    List<Map<String, Object>> kept = new ArrayList<>();
    for (JsonNode definition : listed) {
      if (kept.size() == MAX_ENTRIES) {
        log.warn("mcp server [{}]: {} listed {} entries; the first {} are served", serverId, method, listed.size(),
            MAX_ENTRIES);
        break;
      }
      if (!definition.path(key).isTextual()) {
        log.warn("mcp server [{}]: {}: an entry without a string [{}] skipped", serverId, method, key);
        continue;
      }
      Map<String, Object> entry = texts(definition, key, RESOURCE_TEXTS);
      if (definition.path("size").isIntegralNumber()) {
        entry.put("size", definition.path("size").asLong());
      }
      if (definition.path("arguments").isArray()) {
        List<Map<String, Object>> arguments = new ArrayList<>();
        for (JsonNode argument : definition.path("arguments")) {
          if (argument.path("name").isTextual()) {
            Map<String, Object> keptArgument = texts(argument, "name", ARGUMENT_TEXTS);
            keptArgument.put("required", argument.path("required").asBoolean(false));
            arguments.add(keptArgument);
          }
        }
        entry.put("arguments", arguments);
      }
      kept.add(entry);
    }
    return List.copyOf(kept);
  }

  /** {@code key} and the string fields {@code texts} of {@code definition}, each cut short. */
  private static Map<String, Object> texts(JsonNode definition, String key, List<String> texts) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put(key, UntrustedText.truncate(definition.path(key).asText(), McpTool.MAX_DESCRIPTION_CHARS));
    for (String text : texts) {
      if (!text.equals(key) && definition.path(text).isTextual()) {
        entry.put(text, UntrustedText.truncate(definition.path(text).asText(), McpTool.MAX_DESCRIPTION_CHARS));
      }
    }
    return entry;
  }
}
