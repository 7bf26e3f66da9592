package io.astrid.capsule.engine.mcp;

/** A live connection to one MCP server: a process over stdio, or a session over Streamable HTTP. */
interface ServerConnection {

  JsonRpcPeer peer();

  /** For messages: the pid or the URL. */
  String describe();

  /** The protocol version initialize agreed on (HTTP sends it as a header from then on). */
  default void protocolVersion(String version) {}

  /** Ends the connection and everything it started. */
  void stop();
}
