package io.astrid.capsule.api.security;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a capsule's MCP server asks a human to fill in (MCP {@code elicitation/create}) when no client
 * of a call can answer: its message and the fields it wants. Never answered by the runtime itself.
 *
 * @param id unique while it is pending
 * @param capsuleId the capsule
 * @param source who asks, for the human ({@code mcp server [ID]})
 * @param message the server's message, as it sent it (untrusted: escape it before showing it on a terminal)
 * @param fields the requested fields, in the server's order
 */
public record ElicitationRequest(String id, String capsuleId, String source, String message,
    List<ElicitationField> fields) {
  public ElicitationRequest {
    requireNonNull(id, "id");
    requireNonNull(capsuleId, "capsuleId");
    requireNonNull(source, "source");
    requireNonNull(message, "message");
    fields = List.copyOf(fields);
  }

  @Override
  public String toString() {
    return "capsule [" + capsuleId + "] " + source + " asks: " + message;
  }
}
