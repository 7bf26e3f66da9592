package io.astrid.capsule.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket: the headers a browser or an attacker sends (Host, Origin),
 * which the JDK's client will not let a caller set, and a client that leaves mid-request.
 */
final class RawHttp {
  /** A response: status, headers (lowercase names) and body. */
  record Response(int status, Map<String, String> headers, String body) {}

  /** An MCP initialize request (id 1) that opens a session. */
  static final String INITIALIZE = """
      {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
      "capabilities":{},"clientInfo":{"name":"distribution-tests","version":"1"}}}""";

  private RawHttp() {}

  /** POSTs {@code body} with the MCP headers and {@code extra} ("Name: value") ones; reads the response. */
  static Response post(URI url, String body, String... extra) throws IOException {
    try (Socket socket = open(url, body, extra)) {
      return read(socket.getInputStream());
    }
  }

  /** Sends the request and returns the open socket: the caller reads or drops it. */
  static Socket open(URI url, String body, String... extra) throws IOException {
    Socket socket = new Socket(url.getHost(), url.getPort());
    socket.setSoTimeout(60_000);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("POST " + url.getPath() + " HTTP/1.1\r\n");
    boolean hostGiven = false;
    for (String header : extra) {
      hostGiven |= header.toLowerCase(Locale.ROOT).startsWith("host:");
      head.append(header).append("\r\n");
    }
    if (!hostGiven) {
      head.append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n");
    }
    head.append("Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n")
        .append("Connection: close\r\nContent-Length: ").append(bytes.length).append("\r\n\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
    return socket;
  }

  static Response read(InputStream in) throws IOException {
    String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    int end = all.indexOf("\r\n\r\n");
    String[] lines = all.substring(0, end).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
    }
    String body = all.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
  }

  private static String unchunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
