// A server whose tool list is hostile (issue 20 finding 6): names that are empty, hold a newline and an
// escape sequence, run to 100,000 characters, climb directories or are not strings, beside good ones;
// a description of 20,000 characters; and a tool "shout" whose result holds a terminal's escape and OSC
// sequences.
import { createInterface } from "node:readline";

const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
const object = { type: "object" };
createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  if (request.method === "initialize") {
    send({ jsonrpc: "2.0", id: request.id, result: { protocolVersion: "2024-11-05", capabilities: { tools: {} },
      serverInfo: { name: "bad-names", version: "1" } } });
  } else if (request.method === "tools/list") {
    send({ jsonrpc: "2.0", id: request.id, result: { tools: [
      { name: "shout", description: "says it \u001b[31mloudly\u001b[0m", inputSchema: object },
      { name: "", description: "empty", inputSchema: object },
      { name: "two\nWARN forged \u001b]0;pwned\u0007", description: "newline", inputSchema: object },
      { name: "n".repeat(100000), description: "long", inputSchema: object },
      { name: "../../etc", description: "path", inputSchema: object },
      { name: 42, description: "number", inputSchema: object },
      { name: "wordy.tool-1", description: "d".repeat(20000), inputSchema: object }] } });
  } else if (request.method === "tools/call") {
    send({ jsonrpc: "2.0", id: request.id, result: { content: [{ type: "text",
      text: "line one\n\u001b]0;pwned\u0007\u001b[2Kline two\r" }] } });
  }
});
