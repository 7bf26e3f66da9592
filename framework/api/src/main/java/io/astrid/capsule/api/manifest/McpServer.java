package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code [[mcp_server]]} entry.
 *
 * @param id unique within the capsule
 * @param description one line for listings
 * @param type the transport; {@code stdio} when the manifest leaves it out
 * @param command the program to start (stdio only; must also be in {@code host_process})
 * @param args its arguments (stdio only)
 * @param url the server's endpoint, {@code http} or {@code https} (http only)
 * @param headers request headers (http only); values may reference env variables as
 *     {@code ${NAME}}
 */
public record McpServer(
    String id,
    Optional<String> description,
    McpTransport type,
    Optional<String> command,
    List<String> args,
    Optional<String> url,
    Map<String, String> headers) {
  public McpServer {
    requireNonNull(id, "id");
    requireNonNull(description, "description");
    requireNonNull(type, "type");
    requireNonNull(command, "command");
    args = Immutables.list(args, "args");
    requireNonNull(url, "url");
    headers = Immutables.orderedMap(headers, "headers");
  }
}
