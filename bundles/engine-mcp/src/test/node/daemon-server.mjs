// An MCP server that leaves processes behind, as daemons do (issue 13, finding 7): at start it runs a
// child that sleeps, and a child that runs a grandchild in a session of its own (setsid) and exits at
// once, so the grandchild is orphaned out of the server's process group. Each carries the tag given
// as the first argument in its command line, so a test can count them; "hello" answers.
import { spawn } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

const tag = process.argv[2];
const sleeper = "setInterval(() => {}, 1 << 30)";
spawn(process.execPath, ["-e", sleeper, "child", tag], { stdio: "ignore" });
const daemonize = `require("node:child_process").spawn(process.execPath, ["-e", ${JSON.stringify(sleeper)},
  "grandchild", ${JSON.stringify(tag)}], { detached: true, stdio: "ignore" }).unref();`;
spawn(process.execPath, ["-e", daemonize, "intermediate", tag], { detached: true, stdio: "ignore" }).unref();

const server = new McpServer({ name: "daemon-server", version: "1.0.0" });
server.tool("hello", "Says hello", {}, async () => ({ content: [{ type: "text", text: "hello from a daemon" }] }));
await server.connect(new StdioServerTransport());
