// A small MCP server for the restart tests: "hello" answers, "crash" makes the process exit at once,
// "grow" adds a tool while running.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "crash-server", version: "1.0.0" });
server.tool("hello", "Says hello", { name: z.string() }, async ({ name }) => ({
  content: [{ type: "text", text: `hello ${name} from pid ${process.pid}` }],
}));
server.tool("crash", "Exits the process", {}, async () => {
  process.exit(3);
});
server.tool("grow", "Adds the tool grown, which makes the SDK announce tools/list_changed", {}, async () => {
  server.tool("grown", "Added at run time", {}, async () => ({ content: [{ type: "text", text: "new here" }] }));
  return { content: [{ type: "text", text: "grew" }] };
});
await server.connect(new StdioServerTransport());
