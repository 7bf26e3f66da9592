// The TypeScript SDK's client answering the gateway's approval questions (Issue14ElicitationIT):
// `URL ANSWER` calls notes_note_save once; with ANSWER once/session/always/deny/never it declares
// the elicitation capability and accepts with that answer, with "decline" it declines, with
// "none" it declares no elicitation. Prints one JSON line per question asked and one for the result.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { deadline, print } from "./steps.mjs";

const [url, answer] = process.argv.slice(2);
const capabilities = answer === "none" ? {} : { elicitation: {} };
const client = new Client({ name: "issue14-elicitation", version: "1.0.0" }, { capabilities });
if (answer !== "none") {
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    const property = request.params.requestedSchema.properties.answer;
    print({ step: "asked", message: request.params.message, answers: property.enum });
    return answer === "decline" ? { action: "decline" } : { action: "accept", content: { answer } };
  });
}
deadline(90_000);

await client.connect(new StreamableHTTPClientTransport(new URL(url)));
const result = await client.callTool({ name: "notes_note_save", arguments: { name: "asked", text: "# Asked" } });
print({ step: "call", isError: result.isError ?? false, text: result.content.map((c) => c.text).join("\n") });
await client.close();
process.exit(0);
