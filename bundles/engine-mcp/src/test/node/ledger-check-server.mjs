// An MCP server that, when asked its first question, checks that the runtime has recorded its process
// group in the ledger directory given as the first argument (issue 18: the record is no longer synced,
// and still written before the server is asked anything). Recorded, it initializes and lists one tool,
// "recorded"; else it says so on stderr and exits with code 3.
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";

const record = `${process.argv[2]}/${process.env.ASTRID_PROCESS_GROUP}.group`;
const send = (id, result) => process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id, result }) + "\n");
let asked = false;
for await (const line of createInterface({ input: process.stdin })) {
  const message = JSON.parse(line);
  if (!asked && !existsSync(record)) {
    process.stderr.write(`asked [${message.method}] before my process group was recorded\n`);
    process.exit(3);
  }
  asked = true;
  if (message.method === "initialize") {
    send(message.id, { protocolVersion: message.params.protocolVersion, capabilities: { tools: {} },
      serverInfo: { name: "ledger-check-server", version: "1.0.0" } });
  } else if (message.method === "tools/list") {
    send(message.id, { tools: [{ name: "recorded", inputSchema: { type: "object" } }] });
  }
}
