// A server for the tests of who reads a stdio server's output (issue 18), speaking newline-delimited
// JSON-RPC by hand. Tools: "echo" answers its message; "told" sends a log notification, then answers;
// "later" answers, then sends a notification a moment after; "stall" writes the first half of its
// answer and stops there (the next call's answer is preceded by the other half); "silence" is never
// answered; "exit" ends the server without an answer. Each call is noted on stderr ("called NAME").
import { createInterface } from "node:readline";

const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
const answer = (id, text) => send({ jsonrpc: "2.0", id, result: { content: [{ type: "text", text }] } });
const notice = (data) => send({ jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data } });
let stalled = null;

createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  if (request.method === "initialize") {
    send({ jsonrpc: "2.0", id: request.id, result: { protocolVersion: "2025-06-18",
      capabilities: { tools: {}, logging: {} }, serverInfo: { name: "reading", version: "1" } } });
    return;
  }
  if (request.method !== "tools/call") {
    return;
  }
  const name = request.params.name;
  process.stderr.write(`called ${name}\n`);
  if (stalled !== null) {
    process.stdout.write(stalled);
    stalled = null;
  }
  if (name === "echo") {
    answer(request.id, request.params.arguments.message);
  } else if (name === "told") {
    notice("before the answer");
    answer(request.id, "told");
  } else if (name === "later") {
    answer(request.id, "now");
    setTimeout(() => notice("after the answer"), 100);
  } else if (name === "stall") {
    const whole = JSON.stringify({ jsonrpc: "2.0", id: request.id, result: { content: [
      { type: "text", text: "too late" }] } }) + "\n";
    const half = Math.floor(whole.length / 2);
    process.stdout.write(whole.slice(0, half));
    stalled = whole.slice(half);
  } else if (name === "exit") {
    process.exit(3);
  }
});
