// A server whose tools are a capsule's interceptors (issue 18): "guard" answers a hook's input as a
// wasm guest's astrid_hook_trigger would — {"deny": "forbidden words"} when the input mentions
// "forbidden", {"arguments": {"q": "rewritten"}} when it mentions "rewrite-me", nothing otherwise —
// and keeps every event it saw, which its tool "journal" lists; "broken" answers text that is not JSON.
import { createInterface } from "node:readline";

const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
const object = { type: "object" };
const text = (value) => ({ content: [{ type: "text", text: value }] });
const seen = [];
createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  if (request.method === "initialize") {
    send({ jsonrpc: "2.0", id: request.id, result: { protocolVersion: "2024-11-05", capabilities: { tools: {} },
      serverInfo: { name: "hooks", version: "1" } } });
  } else if (request.method === "tools/list") {
    send({ jsonrpc: "2.0", id: request.id, result: { tools: [
      { name: "guard", description: "an interceptor", inputSchema: object },
      { name: "broken", description: "answers no JSON", inputSchema: object },
      { name: "journal", description: "the events guard saw", inputSchema: object }] } });
  } else if (request.method === "tools/call") {
    const { name, arguments: args } = request.params;
    const input = JSON.stringify(args);
    let result = text("");
    if (name === "journal") {
      result = text(seen.join(" "));
    } else if (name === "broken") {
      result = text("not json");
    } else {
      seen.push(`${args.event}:${args.capsule}`);
      if (input.includes("forbidden")) {
        result = text(JSON.stringify({ deny: "forbidden words" }));
      } else if (input.includes("rewrite-me")) {
        result = text(JSON.stringify({ arguments: { q: "rewritten" } }));
      }
    }
    send({ jsonrpc: "2.0", id: request.id, result });
  }
});
