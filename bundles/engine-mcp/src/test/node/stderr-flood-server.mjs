// An MCP server that writes 100 MB to stderr without a newline before it serves (issue 13, finding 4):
// the engine must read it in bounded memory and go on serving. "hello" answers.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

const chunk = "x".repeat(1024 * 1024);
for (let i = 0; i < 100; i++) {
  process.stderr.write(chunk); // synchronous on a pipe: all of it is written before the server starts
}
process.stderr.write("\nflooded\n");
const server = new McpServer({ name: "stderr-flood", version: "1.0.0" });
server.tool("hello", "Says hello", {}, async () => ({ content: [{ type: "text", text: "still here" }] }));
await server.connect(new StdioServerTransport());
