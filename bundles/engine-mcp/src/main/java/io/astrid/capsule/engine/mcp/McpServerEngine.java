package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.host.GuestLogRate;
import io.astrid.capsule.api.host.Workspace;
import io.astrid.capsule.api.manifest.McpServer;
import io.astrid.capsule.api.manifest.McpTransport;
import io.astrid.capsule.api.manifest.Tool;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.tool.ToolCaller;
import io.astrid.capsule.api.tool.ToolResult;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code [[mcp_server]]} of a capsule, over stdio or Streamable HTTP. Load starts the process
 * or opens the session (after the gate allowed the command or the URL), initializes and lists the
 * tools. A crash fails the calls in flight and
 * restarts the server with exponential backoff; calls during a restart fail fast saying so; too
 * many crashes in the window and the engine gives up, which makes the capsule FAILED. A
 * {@code tools/list_changed} notification refreshes the tools.
 */
final class McpServerEngine implements ExecutionEngine {
  /**
   * The exit codes of a process ended by SIGHUP, SIGINT or SIGTERM (128 + the signal's number): what
   * a service manager's stop sends to every process of the service (its cgroup). A terminal's hang-up
   * and Ctrl-C no longer reach the server, which leads a process group of its own (StdioServer).
   */
  private static final Map<Integer, String> STOP_SIGNALS = Map.of(129, "SIGHUP", 130, "SIGINT", 143, "SIGTERM");

  /** How long a server ended by one of those waits for the runtime's own stop before it counts as a crash. */
  static final Duration STOP_SIGNAL_GRACE = Duration.ofSeconds(2);

  /** How much of a rejected tool name a warning shows. */
  private static final int MAX_SHOWN_NAME_CHARS = 100;

  private final McpServer server;
  private final CapsuleSecurityGate gate;
  /** Asked at each request, start and crash, so that a changed configuration reaches a running server (issue 16). */
  private final Supplier<McpSettings> settings;
  private final Map<String, String> hostEnvironment;
  private final ProcessLedger ledger;
  private final GuestLogRate logRate;
  private final Path workspace;
  private final ProviderSampling sampling;
  private final ApproverElicitation elicitation;
  private Logger log;
  private CallerPassThrough callers;
  private final Deque<Long> crashes = new ArrayDeque<>();
  private ScheduledExecutorService restarts;

  private EngineContext context;
  private volatile ServerConnection connection;
  /** The addresses the gate judged for an HTTP server at load: every connection goes to these only. */
  private List<java.net.InetAddress> judged = List.of();
  private volatile McpSession session;
  private volatile List<CapsuleTool> tools = List.of();
  /** The server's resources and prompts, one object for the engine's life (it outlives restarts). */
  private ServerContent content;
  private volatile boolean loaded;
  private volatile boolean unloading;
  private volatile boolean restarting;
  private volatile String gaveUp;
  private int connections; // guarded by this

  /** With the workspace where nothing names one: the directory the runtime was started in. */
  McpServerEngine(McpServer server, CapsuleSecurityGate gate, McpSettings settings, Map<String, String> host,
      ProcessLedger ledger, GuestLogRate logRate) {
    this(server, gate, () -> settings, host, ledger, logRate, Workspace.resolve(null, null), ProviderSampling.OFF,
        ApproverElicitation.NONE);
  }

  /**
   * @param workspace the one root the engine gives servers ({@code roots/list})
   * @param sampling how servers' sampling requests are answered when not by the calling client
   * @param elicitation how servers' elicitation requests are answered when no calling client can
   */
  McpServerEngine(McpServer server, CapsuleSecurityGate gate, Supplier<McpSettings> settings,
      Map<String, String> host, ProcessLedger ledger, GuestLogRate logRate, Path workspace,
      ProviderSampling sampling, ApproverElicitation elicitation) {
    this.server = server;
    this.elicitation = elicitation;
    this.workspace = workspace;
    this.sampling = sampling;
    this.gate = gate;
    this.settings = settings;
    this.hostEnvironment = Map.copyOf(host);
    this.ledger = ledger;
    this.logRate = logRate;
    this.log = LoggerFactory.getLogger("io.astrid.capsule.engine.mcp." + server.id());
  }

  @Override
  public String kind() {
    return EngineFactory.MCP;
  }

  @Override
  public String name() {
    return "mcp:" + server.id();
  }

  @Override
  public void load(EngineContext context) throws IOException, McpError {
    this.context = context;
    // Tagged with capsule and server: stderr lines, crashes and server log messages say whose they are.
    this.log = LoggerFactory.getLogger(GuestLogRate.loggerName(context.capsuleId()) + "." + server.id());
    GateRequest access = server.type() == McpTransport.STDIO
        ? new GateRequest.HostProcess(server.command().orElseThrow(), server.args())
        : new GateRequest.Http("POST", server.url().orElseThrow());
    GateDecision decision = gate.check(new SecuritySubject(context.capsuleId(), context.manifest(),
        context.directory()), access);
    if (!decision.allowed()) {
      throw new McpError("mcp server [" + server.id() + "] cannot start: " + decision.reason());
    }
    judged = decision.addresses();
    // The server's own start (a Node server's takes hundreds of milliseconds) is most of spawn to
    // ready: it begins first, and the engine builds its own state (the first time: Jackson) meanwhile.
    StdioServer.Launched launched = server.type() == McpTransport.STDIO ? launch() : null;
    try {
      callers = new CallerPassThrough(context.capsuleId(), server.id(), () -> settings.get().callTimeout(), workspace,
          sampling, elicitation, log);
      content = new ServerContent(server.id(), this::live, () -> settings.get().callTimeout(), log);
      restarts = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("mcp-restart-" + server.id())
          .factory());
    } catch (RuntimeException | Error e) {
      if (launched != null) {
        launched.abandon();
      }
      throw e;
    }
    connect(launched);
    loaded = true;
  }

  @Override
  public EngineContributions contributions() {
    EngineContributions offered = EngineContributions.ofTools(tools);
    return content != null && content.offered() ? offered.withMcpServer(content) : offered;
  }

  @Override
  public void unload() {
    unloading = true;
    if (restarts != null) {
      restarts.shutdownNow();
    }
    ServerConnection running = connection;
    if (running != null) {
      running.stop();
    }
  }

  /** The session of the server as it runs now; throws saying why there is none. */
  private McpSession live() throws McpError {
    if (gaveUp != null) {
      throw new McpError(gaveUp);
    }
    if (restarting) {
      throw new McpError("mcp server [" + server.id() + "] is restarting after a crash; try again shortly");
    }
    return session;
  }

  /** A call of one of this server's tools; never throws. */
  ToolResult call(String tool, JsonNode arguments) {
    McpSession current;
    try {
      current = live();
    } catch (McpError e) {
      return ToolResult.error(e.getMessage());
    }
    // The client that made the call, if any, gets what the server sends about it (CallerPassThrough).
    String token = ToolCaller.current().map(callers::begin).orElse(null);
    try {
      return ToolResults.of(current.callTool(tool, arguments, token, settings.get().callTimeout()));
    } catch (McpError e) {
      return ToolResult.error("mcp server [" + server.id() + "]: " + e.getMessage());
    } finally {
      if (token != null) {
        callers.end(token);
      }
    }
  }

  /** Waits until the server has been connected {@code count} times (1 after load, +1 per restart). */
  synchronized boolean awaitConnections(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (connections < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** The current connection, for tests of its shutdown. */
  ServerConnection connection() {
    return connection;
  }

  /** Starts the server's process, its group recorded (a stdio server). */
  private StdioServer.Launched launch() throws IOException {
    Map<String, String> environment = ServerEnvironment.of(context.env().values(), hostEnvironment);
    List<String> command = new ArrayList<>();
    command.add(server.command().orElseThrow());
    command.addAll(server.args());
    NpxPackage.toFetch(command, environment, context.directory())
        .ifPresent(spec -> log.info("fetching npm package {}...", spec));
    return StdioServer.launch(command, context.directory(), environment, ledger,
        "mcp server [" + server.id() + "] of capsule [" + context.capsuleId() + "]");
  }

  /**
   * Opens the session over the {@code launched} process (null: over HTTP), initializes and lists; throws
   * when that fails (the process is then stopped).
   */
  private void connect(StdioServer.Launched launched) throws IOException, McpError {
    ServerConnection started;
    if (launched != null) {
      started = StdioServer.attach(launched, this::notified, this::requested, this::exited, this::admitLogLine, log);
    } else {
      started = new HttpConnection(java.net.URI.create(server.url().orElseThrow()), judged,
          ServerEnvironment.headers(server.headers(), ServerEnvironment.of(context.env().values(), hostEnvironment)),
          this::notified, this::requested, () -> exited(-1), log);
    }
    try {
      McpSession fresh = new McpSession(started.peer());
      Duration timeout = settings.get().initializeTimeout();
      fresh.initialize(timeout);
      started.protocolVersion(fresh.protocolVersion());
      // The tools, resources, templates and prompts are listed in one round trip, and before the server
      // counts as ready, so that they come with its tools.
      List<McpSession.ListMethod> lists = new ArrayList<>();
      lists.add(McpSession.TOOLS);
      lists.addAll(ServerContent.lists(fresh.serverCapabilities()));
      List<McpSession.Listed> listed = fresh.ready(lists, timeout);
      List<CapsuleTool> usable = usable(listed.getFirst().entries());
      content.ready(fresh, listed.subList(1, listed.size()), timeout);
      connection = started;
      session = fresh;
      tools = usable;
      restarting = false;
      synchronized (this) {
        connections++;
        notifyAll();
      }
      log.info("mcp server [{}] ready ({}, protocol {}, {}{})", server.id(), started.describe(),
          fresh.protocolVersion(), count(usable.size(), "tool"), content.offered()
          ? ", " + count(content.resources().size(), "resource") + ", " + count(content.prompts().size(), "prompt")
          : "");
    } catch (McpError e) {
      started.stop();
      throw new McpError("mcp server [" + server.id() + "] did not start: " + e.getMessage(), e);
    }
  }

  private void exited(int code) {
    if (!loaded || unloading) {
      return; // a failed start is the load's failure; a stop is ours
    }
    String signal = STOP_SIGNALS.get(code);
    if (signal == null) {
      crashed(code, "exited with code " + code);
      return;
    }
    // A service manager's stop signals the server along with the runtime,
    // and the server usually ends first: a crash only if the runtime is still running a moment later.
    restarting = true;
    log.debug("mcp server [{}] ended by {}; waiting {} ms for the runtime's own stop", server.id(), signal,
        STOP_SIGNAL_GRACE.toMillis());
    schedule(() -> {
      if (!unloading) {
        crashed(code, "was ended by " + signal + " (exit code " + code + ") while the runtime kept running");
      }
    }, STOP_SIGNAL_GRACE);
  }

  private void crashed(int code, String how) {
    long now = System.nanoTime();
    synchronized (crashes) {
      crashes.addLast(now);
      while (!crashes.isEmpty() && now - crashes.peekFirst() > settings.get().crashWindow().toNanos()) {
        crashes.removeFirst();
      }
      if (crashes.size() >= settings.get().maxCrashes()) {
        gaveUp = "mcp server [" + server.id() + "] crashed " + crashes.size() + " times within "
            + settings.get().crashWindow().toSeconds() + " s; giving up (last exit code " + code + ")";
        monitor().failed(gaveUp);
        return;
      }
    }
    restarting = true;
    Duration delay = settings.get().backoff(crashes.size());
    log.warn("mcp server [{}] {}; restarting in {} ms", server.id(), how, delay.toMillis());
    schedule(this::restart, delay);
  }

  private void schedule(Runnable task, Duration delay) {
    try {
      restarts.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Unloaded meanwhile.
    }
  }

  private void restart() {
    if (unloading) {
      return;
    }
    try {
      List<CapsuleTool> before = tools;
      List<Map<String, Object>> resourcesBefore = content.resources();
      List<Map<String, Object>> promptsBefore = content.prompts();
      connect(server.type() == McpTransport.STDIO ? launch() : null);
      if (!sameNames(before, tools) || !resourcesBefore.equals(content.resources())
          || !promptsBefore.equals(content.prompts())) {
        monitor().contributionsChanged();
      }
    } catch (IOException | McpError e) {
      log.warn("restarting mcp server [{}] failed: {}", server.id(), e.getMessage());
      crashed(-1, "did not restart");
    }
  }

  private void notified(JsonNode notification) {
    String method = notification.path("method").asText();
    switch (method) {
      case "notifications/tools/list_changed" -> Thread.ofVirtual().start(this::refreshTools);
      case "notifications/resources/list_changed" -> Thread.ofVirtual().start(() -> refreshContent(true));
      case "notifications/prompts/list_changed" -> Thread.ofVirtual().start(() -> refreshContent(false));
      case "notifications/resources/updated" -> content.updated(notification.path("params").path("uri").asText());
      case "notifications/message" -> {
        if (!admitLogLine()) {
          return;
        }
        JsonNode params = notification.path("params");
        log.info("[{}] {}", UntrustedText.escape(params.path("level").asText("info"), MAX_SHOWN_NAME_CHARS),
            UntrustedText.escape(params.path("data").toString()));
        callers.logMessage(params);
      }
      case "notifications/progress" -> callers.progress(notification.path("params"));
      default -> log.debug("notification {}", method);
    }
  }

  private void requested(JsonNode request) {
    JsonRpcPeer peer = connection != null ? connection.peer() : null;
    if (peer != null) {
      callers.request(request, peer);
    }
  }

  private void refreshTools() {
    McpSession current = session;
    if (current == null || unloading) {
      return;
    }
    try {
      List<CapsuleTool> before = tools;
      tools = usable(current.listTools(settings.get().callTimeout()));
      if (!sameNames(before, tools)) {
        monitor().contributionsChanged();
      }
    } catch (McpError e) {
      log.warn("refreshing the tools of mcp server [{}] failed: {}", server.id(), e.getMessage());
    }
  }

  /** Lists the server's resources (or its prompts) again, and tells the capsule when they changed. */
  private void refreshContent(boolean resources) {
    McpSession current = session;
    if (current == null || unloading) {
      return;
    }
    Duration within = settings.get().callTimeout();
    if (resources ? content.refreshResources(current, within) : content.refreshPrompts(current, within)) {
      monitor().contributionsChanged();
    }
  }

  /**
   * The listed tools whose names follow the manifest's tool-name rule; any other is skipped with a
   * warning naming it escaped and cut short, for a name is what the model and the terminal see and
   * what forms the qualified name (issue 20 finding 6).
   */
  private List<CapsuleTool> usable(List<JsonNode> listed) {
    List<CapsuleTool> usable = new ArrayList<>();
    for (JsonNode definition : listed) {
      JsonNode name = definition.path("name");
      String text = name.isTextual() ? name.asText() : name.toString();
      if (name.isTextual() && Tool.NAME.matcher(text).matches()) {
        usable.add(new McpTool(definition, this));
      } else {
        log.warn("mcp server [{}]: tool [{}] skipped: its name breaks the tool-name rule ({})", server.id(),
            UntrustedText.escape(text, MAX_SHOWN_NAME_CHARS), Tool.NAME_RULE);
      }
    }
    return List.copyOf(usable);
  }

  /** Whether the server may log one more line: its capsule's log rate, shared with the capsule's other engines. */
  private boolean admitLogLine() {
    return logRate.admit(context.capsuleId(), log::warn);
  }

  private EngineMonitor monitor() {
    return context.monitor();
  }

  private static boolean sameNames(List<CapsuleTool> a, List<CapsuleTool> b) {
    return a.stream().map(CapsuleTool::name).toList().equals(b.stream().map(CapsuleTool::name).toList());
  }

  private static String count(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
