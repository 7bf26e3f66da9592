package io.astrid.capsule.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * MCP's stdio transport: newline-delimited JSON-RPC messages on a process's standard input and
 * output ("Transports", stdio). Only messages are written to the output. A line over the cap is
 * skipped unread past the cap and answered with an error; each request runs on a thread of its
 * own, so that a cancellation or a ping is read while a tool runs.
 */
final class StdioTransport {
  private final Sessions sessions;
  private final long maxLineBytes;

  StdioTransport(Sessions sessions, long maxLineBytes) {
    this.sessions = sessions;
    this.maxLineBytes = maxLineBytes;
  }

  /** Serves until {@code in} ends; requests still running then are cancelled. */
  void serve(InputStream unbuffered, OutputStream out) throws IOException {
    InputStream in = new BufferedInputStream(unbuffered);
    McpSession.Channel channel = message -> {
      byte[] line = (Json.MAPPER.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (out) {
        out.write(line);
        out.flush();
      }
    };
    McpSession session = sessions.openStdio();
    session.attach(channel);
    try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
      Optional<byte[]> line;
      while ((line = readLine(in, channel)) != null) {
        if (line.isEmpty()) {
          continue;
        }
        JsonNode message;
        try {
          message = Json.MAPPER.readTree(line.get());
        } catch (JsonProcessingException e) {
          channel.send(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "parse error: " + e.getOriginalMessage()));
          continue;
        }
        if (message == null) {
          continue; // A blank line.
        }
        requests.submit(() -> answer(session, message, channel));
      }
    } finally {
      sessions.closeStdio(session);
    }
  }

  private static Void answer(McpSession session, JsonNode message, McpSession.Channel channel) throws IOException {
    Optional<ObjectNode> reply = session.handle(message, channel);
    if (reply.isPresent()) {
      channel.send(reply.get());
    }
    return null;
  }

  /**
   * The next line's bytes; an empty optional for a line over the cap (its rest is skipped, and the
   * client told); null at the end of the input.
   */
  private Optional<byte[]> readLine(InputStream in, McpSession.Channel channel) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long length = 0;
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (length++ < maxLineBytes) {
        line.write(b);
      }
    }
    if (b == -1 && length == 0) {
      return null;
    }
    if (length > maxLineBytes) {
      channel.send(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "message over " + maxLineBytes
          + " bytes (gateway.request.max.bytes): skipped"));
      return Optional.empty();
    }
    return Optional.of(line.toByteArray());
  }
}
