// Two calls at once asking their clients for sampling (Issue18McpClientTest): each call of
// "sample_together" waits until `count` calls of it are running, then sends sampling/createMessage
// with the prompt; with `attributed` true the request carries the call's progress token as
// _meta.progressToken (the one link MCP gives a request to a call over stdio), else nothing links them.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CreateMessageResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

let running = 0;
const waiting = [];
const server = new McpServer({ name: "concurrent-sampling", version: "1.0.0" });
server.tool("sample_together", "Asks the client's LLM once COUNT calls run", { prompt: z.string(), count: z.number(),
  attributed: z.boolean() }, async ({ prompt, count, attributed }, extra) => {
  running++;
  await new Promise((resolve) => {
    waiting.push(resolve);
    if (running >= count) {
      waiting.splice(0).forEach((wake) => wake());
    }
  });
  const params = { messages: [{ role: "user", content: { type: "text", text: prompt } }], maxTokens: 10 };
  if (attributed) {
    params._meta = { progressToken: extra._meta?.progressToken };
  }
  try {
    const result = await extra.sendRequest({ method: "sampling/createMessage", params }, CreateMessageResultSchema);
    return { content: [{ type: "text", text: `${prompt}: ${result.content.text}` }] };
  } catch (error) {
    return { isError: true, content: [{ type: "text", text: `${prompt}: ${error.message}` }] };
  } finally {
    running--;
  }
});
await server.connect(new StdioServerTransport());
