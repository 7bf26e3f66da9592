package io.astrid.capsule.gateway;

import io.astrid.capsule.api.CapsuleException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Hashtable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The whiteboard's HTTP server (Felix HTTP on Jetty 12), switched on for the gateway through its
 * configuration (PID {@value #FELIX_HTTP_PID}) and off again by deleting it. The launcher starts
 * the framework with {@code org.apache.felix.http.enable=false}, so that only a runtime that serves
 * (capsule run) listens on a port. Other whiteboard servlets (an admin endpoint) are served by the
 * same server; this class knows nothing of the MCP servlet.
 */
final class HttpEndpoint {
  static final String FELIX_HTTP_PID = "org.apache.felix.http";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(20);

  private final ConfigurationAdmin admin;
  private Configuration configuration;

  HttpEndpoint(ConfigurationAdmin admin) {
    this.admin = admin;
  }

  /**
   * Starts the server on {@code host}:{@code port} and waits until it accepts connections.
   *
   * @throws CapsuleException when the port is taken or the server does not start in time
   */
  synchronized URI start(String host, int port) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    // Jetty only logs a port it cannot bind; asking first turns that into an error the user sees.
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(address);
    } catch (IOException e) {
      throw new CapsuleException("gateway endpoint failed [" + host + ":" + port + "]: cannot listen there ("
          + e.getMessage() + "); set gateway.http.port or run with --no-http", e);
    }
    try {
      configuration = admin.getConfiguration(FELIX_HTTP_PID, "?");
      Hashtable<String, Object> properties = new Hashtable<>();
      properties.put("org.apache.felix.http.enable", true);
      properties.put("org.apache.felix.http.host", host);
      properties.put("org.osgi.service.http.port", port);
      configuration.update(properties);
    } catch (IOException e) {
      throw new CapsuleException("gateway endpoint failed [" + host + ":" + port + "]: " + e.getMessage(), e);
    }
    awaitListening(address);
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
  }

  private static void awaitListening(InetSocketAddress address) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(address, (int) POLL.toMillis() * 10);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new CapsuleException("gateway endpoint failed [" + address + "]: not listening after "
              + START_TIMEOUT.toSeconds() + " s", notYet);
        }
        try {
          Thread.sleep(POLL); // Polling a port: Jetty offers no event for "bound" across the bundle boundary.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CapsuleException("gateway endpoint failed [" + address + "]: interrupted while starting", e);
        }
      }
    }
  }

  /** Stops the server (its configuration is deleted; the framework's default, disabled, applies). */
  synchronized void stop() {
    if (configuration != null) {
      try {
        configuration.delete();
      } catch (IOException | IllegalStateException e) {
        // The configuration is gone already (Config Admin stopping first): so is the server.
      }
      configuration = null;
    }
  }
}
