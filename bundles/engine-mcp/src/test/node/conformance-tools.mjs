// The tools the MCP conformance suite's server scenarios call (`conformance list`), served by the
// gateway's fixture capsule "test" (distribution/src/test/capsules/conformance/test): through the
// runtime they are named test_simple_text, test_image_content... (docs/gateway.md, names).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

// A 1x1 red PNG.
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
const resource = { type: "resource", resource: { uri: "test://embedded-resource", mimeType: "text/plain",
  text: "This is an embedded resource content." } };

const server = new McpServer({ name: "conformance-tools", version: "1.0.0" });
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
// Not a conformance tool: a call that takes its time, for the gateway's tests of cancellation and of a
// client leaving mid-call (Issue14BadInputIT).
server.tool("sleep", "Waits ms milliseconds, then says so", { ms: z.number() }, async ({ ms }) => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { content: [{ type: "text", text: `slept ${ms} ms` }] };
});
await server.connect(new StdioServerTransport());
