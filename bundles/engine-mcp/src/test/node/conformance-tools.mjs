// The tools the MCP conformance suite's server scenarios call (`conformance list`), served by the
// gateway's fixture capsule "test" (distribution/src/test/capsules/conformance/test): through the
// runtime they are named test_simple_text, test_image_content... (docs/gateway.md, names).
import { writeFileSync } from "node:fs";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

// A 1x1 red PNG.
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
const resource = { type: "resource", resource: { uri: "test://embedded-resource", mimeType: "text/plain",
  text: "This is an embedded resource content." } };

// A WAV file of one silent 8-bit sample at 8 kHz.
const WAV = "UklGRiUAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQEAAACA";
const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
const text = (value) => ({ content: [{ type: "text", text: value }] });

const server = new McpServer({ name: "conformance-tools", version: "1.0.0" }, { capabilities: { logging: {} } });
server.tool("simple_text", "Returns a simple text content", async () => ({
  content: [{ type: "text", text: "This is a simple text response for testing." }] }));
server.tool("image_content", "Returns an image", async () => ({
  content: [{ type: "image", data: PNG, mimeType: "image/png" }] }));
server.tool("embedded_resource", "Returns an embedded resource", async () => ({ content: [resource] }));
server.tool("multiple_content_types", "Returns text, an image and a resource", async () => ({
  content: [{ type: "text", text: "Multiple content types test:" },
    { type: "image", data: PNG, mimeType: "image/png" }, resource] }));
server.tool("error_handling", "Always fails", async () => ({
  isError: true, content: [{ type: "text", text: "This tool intentionally returns an error for testing" }] }));
server.tool("audio_content", "Returns audio", async () => ({
  content: [{ type: "audio", data: WAV, mimeType: "audio/wav" }] }));
// What the server sends during a call goes to the gateway's client that made it (CallerPassThrough).
server.tool("tool_with_progress", "Reports progress 0, 50, 100 of 100", async (extra) => {
  const progressToken = extra._meta?.progressToken;
  for (const progress of [0, 50, 100]) {
    if (progressToken !== undefined) {
      await extra.sendNotification({ method: "notifications/progress", params: { progressToken, progress, total: 100 } });
    }
    await pause();
  }
  return text(progressToken !== undefined ? "progress reported" : "no progress token");
});
server.tool("tool_with_logging", "Logs three messages while it runs", async () => {
  for (const data of ["Tool execution started", "Tool processing data", "Tool execution completed"]) {
    await server.server.sendLoggingMessage({ level: "info", data });
    await pause();
  }
  return text("logged 3 messages");
});
server.tool("sampling", "Asks the client's LLM", { prompt: z.string() }, async ({ prompt }) => {
  const result = await server.server.createMessage({
    messages: [{ role: "user", content: { type: "text", text: prompt } }], maxTokens: 100 });
  return text(`LLM response: ${result.content.text}`);
});
server.tool("elicitation", "Asks the client's user", { message: z.string() }, async ({ message }) => {
  const result = await server.server.elicitInput({ message, requestedSchema: { type: "object",
    properties: { username: { type: "string", description: "User's response" },
      email: { type: "string", description: "User's email address" } }, required: ["username", "email"] } });
  return text(`User response: ${JSON.stringify(result)}`);
});
server.tool("elicitation_sep1034_defaults", "Asks with defaults for every primitive type", async () => {
  const result = await server.server.elicitInput({ message: "Please review your information", requestedSchema: {
    type: "object", properties: {
      name: { type: "string", default: "John Doe" }, age: { type: "integer", default: 30 },
      score: { type: "number", default: 95.5 },
      status: { type: "string", enum: ["active", "inactive", "pending"], default: "active" },
      verified: { type: "boolean", default: true } } } });
  return text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content)}`);
});
server.tool("elicitation_sep1330_enums", "Asks with the five kinds of enum", async () => {
  const titled = [{ const: "value1", title: "First Option" }, { const: "value2", title: "Second Option" },
    { const: "value3", title: "Third Option" }];
  const result = await server.server.elicitInput({ message: "Please choose", requestedSchema: {
    type: "object", properties: {
      untitledSingle: { type: "string", enum: ["option1", "option2", "option3"] },
      titledSingle: { type: "string", oneOf: titled },
      legacyEnum: { type: "string", enum: ["opt1", "opt2", "opt3"], enumNames: ["Option One", "Option Two", "Option Three"] },
      untitledMulti: { type: "array", items: { type: "string", enum: ["option1", "option2", "option3"] } },
      titledMulti: { type: "array", items: { anyOf: [{ const: "value1", title: "First Choice" },
        { const: "value2", title: "Second Choice" }, { const: "value3", title: "Third Choice" }] } } } } });
  return text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content)}`);
});
// Not a conformance tool: a request no client method has, which the runtime must answer (with an error).
server.tool("ask_unknown", "Sends the client a request of an unknown method", async (extra) => {
  try {
    await extra.sendRequest({ method: "astrid/unknown", params: {} }, z.object({}).passthrough());
    return text("answered");
  } catch (error) {
    return text(`refused: ${error.message}`);
  }
});
// Not a conformance tool: reports progress once, then waits until the call is cancelled and writes the
// cancellation's reason to cancelled.txt in its directory (Issue14PassThroughTest).
server.tool("wait_for_cancel", "Waits until cancelled", async (extra) => {
  await extra.sendNotification({ method: "notifications/progress",
    params: { progressToken: extra._meta?.progressToken, progress: 1 } });
  await new Promise((resolve) => extra.signal.addEventListener("abort", resolve));
  writeFileSync("cancelled.txt", String(extra.signal.reason));
  return text("cancelled");
});
// Not a conformance tool: a call that takes its time, for the gateway's tests of cancellation and of a
// client leaving mid-call (Issue14BadInputIT).
server.tool("sleep", "Waits ms milliseconds, then says so", { ms: z.number() }, async ({ ms }) => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { content: [{ type: "text", text: `slept ${ms} ms` }] };
});
await server.connect(new StdioServerTransport());
