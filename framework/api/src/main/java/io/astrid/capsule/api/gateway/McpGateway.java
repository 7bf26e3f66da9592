package io.astrid.capsule.api.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Serves the {@link io.astrid.capsule.api.runtime.CapsuleRegistry} as one MCP server: every READY
 * capsule's tools, its {@code [[command]]}s as prompts, its context files and skills as
 * resources. An OSGi service of the gateway bundle; thread-safe. Nothing is served until a
 * transport is asked for: {@link #serveHttp()} (what {@code capsule run} does) or
 * {@link #serveStdio} (what {@code capsule mcp} does). Deactivating the service stops both.
 *
 * <p>The configuration keys below belong to the PID {@value #PID}.
 */
@ProviderType
public interface McpGateway {
  /** The Config Admin PID of the gateway's configuration. */
  String PID = "io.astrid.capsule.gateway";

  /** Configuration key: the address the HTTP endpoint binds to; String, default {@code 127.0.0.1}, optional. */
  String HTTP_HOST = "gateway.http.host";

  /** Configuration key: the HTTP endpoint's TCP port; int, default 7411, optional. */
  String HTTP_PORT = "gateway.http.port";

  /**
   * Configuration key: origins a browser page may call the endpoint from besides the endpoint's own
   * loopback origins (DNS-rebinding protection); String array of {@code scheme://host[:port]},
   * default none, optional.
   */
  String HTTP_ALLOWED_ORIGINS = "gateway.http.allowed.origins";

  /** Configuration key: the largest request body accepted; long, bytes, default 4 MiB, optional. */
  String REQUEST_MAX_BYTES = "gateway.request.max.bytes";

  /** Configuration key: how many MCP sessions may be open at once; int, default 256, optional. */
  String SESSIONS_MAX = "gateway.sessions.max";

  /** Configuration key: a session unused this long is closed; long, milliseconds, default 30 min, optional. */
  String SESSION_IDLE_TIMEOUT_MS = "gateway.session.idle.timeout.ms";

  /**
   * Starts the Streamable HTTP endpoint if it is not serving yet, and writes {@code gateway.json}
   * (url, pid, token; mode 0600) into the state directory until the service is deactivated.
   *
   * @return the endpoint's URL, such as {@code http://127.0.0.1:7411/mcp}
   * @throws io.astrid.capsule.api.CapsuleException when the endpoint cannot start (port taken...)
   */
  default URI serveHttp() {
    return serveHttp(moved -> { });
  }

  /**
   * {@link #serveHttp()}, and while it serves, {@code moved} is given the endpoint's new URL each time it
   * moves: a change of {@value #HTTP_HOST} or {@value #HTTP_PORT} restarts it there (and
   * {@code gateway.json} names it). Called on the thread that applies the configuration, after the
   * endpoint listens at its new address; until the service is deactivated.
   *
   * @return the endpoint's URL now
   * @throws io.astrid.capsule.api.CapsuleException when the endpoint cannot start (port taken...)
   */
  URI serveHttp(Consumer<URI> moved);

  /**
   * Serves one client over newline-delimited JSON-RPC until {@code in} ends (or the service is
   * deactivated), writing only protocol messages to {@code out}. Blocks the calling thread.
   *
   * @throws IOException when reading or writing fails
   */
  void serveStdio(InputStream in, OutputStream out) throws IOException;
}
