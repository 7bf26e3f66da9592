// The TypeScript SDK's client asking for completions through the gateway (Issue18CompletionIT): `URL` of
// `capsule run`. With `declared-only`, prints whether the gateway declares completions and stops; otherwise
// also completes the capsule "everything"'s server prompt and resource template, and unknown references.
// Prints one JSON line per step.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { deadline, failure, print } from "./steps.mjs";

const [url, mode] = process.argv.slice(2);
const prompt = "everything_everything/completable-prompt";
const template = "capsule://everything/mcp/everything/demo://resource/dynamic/text/{resourceId}";
const client = new Client({ name: "issue18-completion", version: "1.0.0" });
deadline(90_000);

await client.connect(new StreamableHTTPClientTransport(new URL(url)));
print({ step: "declared", completions: client.getServerCapabilities().completions !== undefined });
if (mode !== "declared-only") {
  const values = async (params) => (await client.complete(params)).completion.values;
  print({ step: "prompt",
    department: await values({ ref: { type: "ref/prompt", name: prompt }, argument: { name: "department", value: "S" } }),
    name: await values({ ref: { type: "ref/prompt", name: prompt }, argument: { name: "name", value: "" },
      context: { arguments: { department: "Engineering" } } }) });
  print({ step: "template",
    resourceId: await values({ ref: { type: "ref/resource", uri: template }, argument: { name: "resourceId", value: "7" } }) });
  print({ step: "errors",
    prompt: await failure(() => client.complete({ ref: { type: "ref/prompt", name: "everything_everything/no-such" },
      argument: { name: "x", value: "" } })),
    unknown: await failure(() => client.complete({ ref: { type: "ref/prompt", name: "nobody_nothing" },
      argument: { name: "x", value: "" } })),
    resource: await failure(() => client.complete({ ref: { type: "ref/resource", uri: "capsule://nobody/x" },
      argument: { name: "x", value: "" } })) });
}
await client.close();
process.exit(0);
