package io.astrid.capsule.gateway;

import io.astrid.capsule.api.gateway.CommandHost;
import io.astrid.capsule.api.gateway.McpGateway;
import io.astrid.capsule.api.host.StateDirectory;
import io.astrid.capsule.api.host.UplinkListener;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link McpGateway}: the registry served as one MCP server. Told of every capsule change (a
 * {@link CapsuleListener} it registers while active; not a service of this component, which
 * would make the registry and the gateway wait for each other), it sends the list_changed
 * notifications; an {@link UplinkListener} it registers likewise forwards uplink messages to
 * clients. Serving over HTTP registers {@link McpServlet} on the
 * whiteboard at {@value #PATH}, and {@link CommandServlet} at {@link CommandHost#PATH} for the
 * launcher's {@link CommandHost} when there is one, and switches the whiteboard's server on
 * ({@link HttpEndpoint}).
 */
@Component(service = McpGateway.class, configurationPid = McpGateway.PID)
@Designate(ocd = GatewayServer.Config.class)
public final class GatewayServer implements McpGateway {
  /** The endpoint's path on the whiteboard's server. */
  static final String PATH = "/mcp";
  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  private static final List<String> LIST_CHANGED = List.of("notifications/tools/list_changed",
      "notifications/prompts/list_changed", "notifications/resources/list_changed");

  @ObjectClassDefinition(name = "Astrid MCP gateway", description = "docs/gateway.md")
  public @interface Config {
    @AttributeDefinition(description = "address the HTTP endpoint binds to; another than loopback needs the token")
    String gateway_http_host() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port of the HTTP endpoint")
    int gateway_http_port() default 7411;

    @AttributeDefinition(description = "origins (scheme://host:port) allowed besides the endpoint's own")
    String[] gateway_http_allowed_origins() default {};

    @AttributeDefinition(description = "largest request body (HTTP) or message line (stdio), in bytes")
    long gateway_request_max_bytes() default 4L * 1024 * 1024;

    @AttributeDefinition(description = "how many MCP sessions may be open at once")
    int gateway_sessions_max() default 256;

    @AttributeDefinition(description = "a session unused this long is closed, in milliseconds")
    long gateway_session_idle_timeout_ms() default 30L * 60 * 1000;
  }

  private final BundleContext context;
  private volatile Config config;
  /** Who may talk to the endpoint; set when it serves, and again when the settings change. */
  private volatile HttpGuard guard;
  private final Sessions sessions;
  private final HttpEndpoint endpoint;
  private final GatewayFiles files;
  private final ServiceRegistration<CapsuleListener> listener;
  private final ServiceRegistration<UplinkListener> uplinks;
  private ServiceRegistration<Servlet> servlet;
  private ServiceRegistration<Servlet> commandServlet;

  // Dynamic and optional: the launcher registers its command host only while `capsule run` serves.
  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
  private volatile CommandHost commandHost;
  private URI url;
  /** Told the endpoint's new URL when it moves (capsule run prints it). */
  private final List<Consumer<URI>> moved = new CopyOnWriteArrayList<>();

  @Activate
  public GatewayServer(BundleContext context, Config config, @Reference CapsuleRegistry registry,
      @Reference ConfigurationAdmin configurationAdmin) {
    this.context = context;
    this.config = config;
    this.sessions = new Sessions(new Catalog(registry), config.gateway_sessions_max(),
        Duration.ofMillis(config.gateway_session_idle_timeout_ms()), context.getBundle().getVersion().toString());
    this.endpoint = new HttpEndpoint(configurationAdmin);
    this.files = new GatewayFiles(StateDirectory.resolve(null, context.getProperty(StateDirectory.PROPERTY)));
    Sessions open = sessions;
    this.listener = context.registerService(CapsuleListener.class, event -> capsuleChanged(open, event), null);
    this.uplinks = context.registerService(UplinkListener.class, new UplinkForwarder(open), null);
  }

  @Override
  public synchronized URI serveHttp(Consumer<URI> moved) {
    this.moved.add(moved);
    if (servlet == null) {
      Hashtable<String, Object> properties = new Hashtable<>();
      properties.put("osgi.http.whiteboard.servlet.pattern", PATH);
      properties.put("osgi.http.whiteboard.servlet.asyncSupported", true);
      servlet = context.registerService(Servlet.class, new McpServlet(sessions, () -> guard,
          () -> config.gateway_request_max_bytes()), properties);
      Hashtable<String, Object> command = new Hashtable<>();
      command.put("osgi.http.whiteboard.servlet.pattern", CommandHost.PATH);
      commandServlet = context.registerService(Servlet.class, new CommandServlet(
          () -> Optional.ofNullable(commandHost), () -> guard, files.token(),
          () -> config.gateway_request_max_bytes()), command);
    }
    if (url == null) {
      listen();
    }
    return url;
  }

  /** The endpoint on the configured address, its guard, and gateway.json naming it. */
  private void listen() {
    String host = config.gateway_http_host();
    String token = files.token();
    guard = HttpGuard.of(host, config.gateway_http_port(), origins(config.gateway_http_allowed_origins()), token);
    url = endpoint.start(host, config.gateway_http_port()).resolve(PATH);
    files.writeEndpoint(url, token);
  }

  /**
   * Changed settings, in place (issue 16): the limits, the session expiry and the allowed origins act on
   * the next request, and open sessions stay. A new address or port restarts the endpoint there (its
   * clients reconnect; gateway.json names the new URL).
   */
  @Modified
  synchronized void modified(Config changed) {
    Config before = config;
    config = changed;
    sessions.limit(changed.gateway_sessions_max(), Duration.ofMillis(changed.gateway_session_idle_timeout_ms()));
    if (url == null) {
      return;
    }
    if (before.gateway_http_host().equals(changed.gateway_http_host())
        && before.gateway_http_port() == changed.gateway_http_port()) {
      guard = HttpGuard.of(changed.gateway_http_host(), changed.gateway_http_port(),
          origins(changed.gateway_http_allowed_origins()), files.token());
      return;
    }
    files.removeEndpoint();
    endpoint.stop();
    url = null;
    listen();
    LOG.info("mcp: serving at {} (gateway.http.host or gateway.http.port changed)", url);
    moved.forEach(listener -> listener.accept(url));
  }

  /** The configured origins: a .cfg file gives one comma-separated string, Config Admin an array. */
  static List<String> origins(String[] configured) {
    return Arrays.stream(configured).flatMap(value -> Arrays.stream(value.split(","))).map(String::strip)
        .filter(origin -> !origin.isEmpty()).toList();
  }

  @Override
  public void serveStdio(InputStream in, OutputStream out) throws IOException {
    new StdioTransport(sessions, config.gateway_request_max_bytes()).serve(in, out);
  }

  /** A capsule came, went or was reloaded: what clients can list may have changed. */
  private static void capsuleChanged(Sessions open, CapsuleEvent event) {
    if (event.previous().state() == CapsuleState.READY || event.current().state() == CapsuleState.READY) {
      LIST_CHANGED.forEach(open::broadcast);
    }
  }

  @Deactivate
  synchronized void deactivate() {
    listener.unregister();
    uplinks.unregister();
    if (servlet != null) {
      servlet.unregister();
      commandServlet.unregister();
    }
    if (url != null) {
      files.removeEndpoint();
      endpoint.stop();
      url = null;
    }
    sessions.close();
    moved.clear();
  }
}
