package io.astrid.capsule.api.manifest;

import java.util.Arrays;
import java.util.Optional;

/** How the runtime talks to an {@code [[mcp_server]]}: its {@code type}. */
public enum McpTransport {
  /** A local process speaking newline-delimited JSON-RPC on stdin/stdout; needs {@code command}. */
  STDIO,
  /** A remote server over MCP Streamable HTTP; needs {@code url}. */
  HTTP;

  /** The spelling in {@code Capsule.toml}. */
  public String manifestName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The transport spelled {@code name} in a manifest, if there is one. */
  public static Optional<McpTransport> fromManifestName(String name) {
    return Arrays.stream(values()).filter(t -> t.manifestName().equals(name)).findFirst();
  }
}
