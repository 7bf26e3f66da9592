// The TypeScript SDK's client reading an MCP server's resources and prompts through the gateway
// (Issue18ServerResourcesIT): `URL` of `capsule run` docking the capsule "everything". Prints one JSON
// line per step: the lists, a read, a prompt, errors, and a subscription's update.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { deadline, failure, print } from "./steps.mjs";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const [url] = process.argv.slice(2);
const prefix = "capsule://everything/mcp/everything/";
const instructions = prefix + "demo://resource/static/document/instructions.md";
const client = new Client({ name: "issue18-resources", version: "1.0.0" });
let updated;
const update = new Promise((resolve) => { updated = resolve; });
client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => updated(notification.params.uri));
deadline(90_000);

await client.connect(new StreamableHTTPClientTransport(new URL(url)));
print({ step: "capabilities", resources: client.getServerCapabilities().resources });
print({ step: "lists",
  resources: (await client.listResources()).resources.filter((r) => r.uri.startsWith(prefix))
    .map((r) => r.uri + " " + r.name),
  templates: (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate),
  prompts: (await client.listPrompts()).prompts.filter((p) => p.name.includes("/"))
    .map((p) => p.name + "(" + (p.arguments ?? []).map((a) => a.name + (a.required ? "!" : "")).join(",") + ")") });
const read = await client.readResource({ uri: instructions });
print({ step: "read", uri: read.contents[0].uri, mimeType: read.contents[0].mimeType,
  chars: read.contents[0].text.length });
const templated = await client.readResource({ uri: prefix + "demo://resource/dynamic/text/3" });
print({ step: "read", uri: templated.contents[0].uri, text: templated.contents[0].text.replace(/ at .*/, "") });
const prompt = await client.getPrompt({ name: "everything_everything/args-prompt", arguments: { city: "Oslo" } });
print({ step: "prompt", messages: prompt.messages });
print({ step: "errors",
  read: await failure(() => client.readResource({ uri: prefix + "demo://nothing" })),
  prompt: await failure(() => client.getPrompt({ name: "everything_everything/no-such" })),
  server: await failure(() => client.readResource({ uri: "capsule://everything/mcp/other/demo://x" })) });
await client.subscribeResource({ uri: instructions });
await client.callTool({ name: "everything_toggle-subscriber-updates", arguments: {} });
print({ step: "updated", uri: await update });
await client.unsubscribeResource({ uri: instructions });
await client.close();
process.exit(0);
