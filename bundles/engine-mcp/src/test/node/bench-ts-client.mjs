// The peer of the MCP latency benchmark: the official TypeScript SDK client against the same
// server, measured the same way as ours. The harness drives it one step at a time, so that its
// rounds alternate with ours under the same load: each line on stdin is a command, each answer one
// JSON line on stdout.
//   spawn        start the server, initialize, list what it offers: {"readyMs"}. Like our engine, the
//                client declares sampling, elicitation and roots (server-everything then adds the tools that
//                use them and asks for the roots), answers roots/list with one root, and lists the tools,
//                resources, resource templates and prompts, at once (Promise.all).
//   spawn tools  the same with a client that declares nothing and lists the tools only (the SDK's
//                minimal client; the server then has four tools fewer and no roots to ask for)
//   echo W M     W warm-up calls of echo, then M timed ones: {"echoMedianUs"}
//   close        end the client and its server: {}
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const [server] = process.argv.slice(2);
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const echo = { name: "echo", arguments: { message: "ping" } };
let client;

const commands = {
  async spawn(what) {
    const toolsOnly = what === "tools";
    const started = process.hrtime.bigint();
    client = toolsOnly ? new Client({ name: "bench", version: "1.0.0" })
      : new Client({ name: "bench", version: "1.0.0" },
        { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: false } } });
    if (!toolsOnly) {
      const root = { uri: pathToFileURL(process.cwd()).href, name: "workspace" };
      client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [root] }));
    }
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [server, "stdio"] }));
    await (toolsOnly ? client.listTools() : Promise.all([client.listTools(), client.listResources(),
      client.listResourceTemplates(), client.listPrompts()]));
    return { readyMs: Number(process.hrtime.bigint() - started) / 1e6 };
  },
  async echo(warmup, measured) {
    for (let i = 0; i < Number(warmup); i++) {
      await client.callTool(echo);
    }
    const times = [];
    for (let i = 0; i < Number(measured); i++) {
      const t0 = process.hrtime.bigint();
      await client.callTool(echo);
      times.push(Number(process.hrtime.bigint() - t0) / 1e3);
    }
    return { echoMedianUs: median(times) };
  },
  async close() {
    await client.close();
    return {};
  },
};

for await (const line of createInterface({ input: process.stdin })) {
  const [command, ...args] = line.trim().split(/\s+/);
  if (!commands[command]) {
    throw new Error(`unknown command [${command}]: spawn, spawn tools, echo W M and close are known`);
  }
  console.log(JSON.stringify(await commands[command](...args)));
}
