// The TypeScript SDK's client against the runtime's gateway (Issue14RealClientIT): over HTTP
// (`http URL`) or over stdio (`stdio COMMAND ARG...`, the runtime it spawns). Prints one JSON line
// per step; after "edit" it waits for notifications/tools/list_changed (the test edits a capsule).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { deadline, print } from "./steps.mjs";

const [mode, target, ...rest] = process.argv.slice(2);
const transport = mode === "http" ? new StreamableHTTPClientTransport(new URL(target))
  : new StdioClientTransport({ command: target, args: rest, env: process.env, stderr: "inherit" });
const client = new Client({ name: "issue14-client", version: "1.0.0" });
let changed;
const listChanged = new Promise((resolve) => { changed = resolve; });
client.setNotificationHandler(ToolListChangedNotificationSchema, () => changed());
deadline(90_000);

await client.connect(transport);
print({ step: "lists",
  tools: (await client.listTools()).tools.map((t) => t.name),
  prompts: (await client.listPrompts()).prompts.map((p) => p.name),
  resources: (await client.listResources()).resources.map((r) => r.uri) });
for (const [name, args] of [["notes_note_list", {}], ["test_simple_text", {}],
  ["text-diff_diff_text", { before: "otters\nhold paws\n", after: "otters\nhold hands\n" }]]) {
  const result = await client.callTool({ name, arguments: args });
  print({ step: "call", name, isError: result.isError ?? false, text: result.content.map((c) => c.text).join("\n") });
}
print({ step: "edit" });
await listChanged;
print({ step: "list_changed" });
await client.close();
process.exit(0);
