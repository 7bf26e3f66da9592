// A server that misbehaves on purpose, speaking newline-delimited JSON-RPC by hand: garbage lines, a
// line far over the client's limit, a response to an id nobody asked for, then a proper answer;
// tools come in two pages; the tool "silence" is never answered, "echo" is; "huge" and "huge_first"
// answer with 5 MiB of text, over the client's line limit, their id last (as the TypeScript SDK
// writes a response) or first.
import { createInterface } from "node:readline";

const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  if (request.method === "initialize") {
    process.stdout.write("this is not json\n");
    process.stdout.write("[1, 2, 3]\n");
    process.stdout.write("x".repeat(5 * 1024 * 1024) + "\n");
    send({ jsonrpc: "2.0", id: 987654, result: {} });
    send({ jsonrpc: "2.0", id: request.id, result: { protocolVersion: "2024-11-05", capabilities: { tools: {} },
      serverInfo: { name: "hostile", version: "1" } } });
  } else if (request.method === "tools/list" && !request.params?.cursor) {
    send({ jsonrpc: "2.0", id: request.id, result: { nextCursor: "page-2", tools: [
      { name: "echo", description: "echo", inputSchema: { type: "object" } }] } });
  } else if (request.method === "tools/list") {
    send({ jsonrpc: "2.0", id: request.id, result: { tools: [
      { name: "silence", description: "never answers", inputSchema: { type: "object" } },
      { name: "huge", description: "5 MiB, id last", inputSchema: { type: "object" } },
      { name: "huge_first", description: "5 MiB, id first", inputSchema: { type: "object" } }] } });
  } else if (request.method === "tools/call" && request.params.name === "echo") {
    send({ jsonrpc: "2.0", id: request.id, result: { content: [{ type: "text", text: "still talking" }] } });
  } else if (request.method === "tools/call" && request.params.name.startsWith("huge")) {
    const result = { content: [{ type: "text", text: "x".repeat(5 * 1024 * 1024) }] };
    send(request.params.name === "huge" ? { result, jsonrpc: "2.0", id: request.id }
      : { jsonrpc: "2.0", id: request.id, result });
  } else if (request.method === "notifications/cancelled") {
    process.stderr.write(`cancelled ${request.params.requestId}: ${request.params.reason}\n`);
  }
});
