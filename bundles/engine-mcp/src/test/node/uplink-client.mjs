// The TypeScript SDK's client receiving what a capsule sends through its uplink (Issue18UplinkIT):
// `URL` connects, calls uplink-echo_uplink_open and prints {"step":"opened"}; then it waits for a line
// on standard input (meanwhile the test sends the capsule's uplink a message through the CLI), calls
// uplink-echo_uplink_relay and prints the log message (notifications/message) that the capsule's echo
// became, and the relay's result.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { createInterface } from "node:readline";
import { deadline, print } from "./steps.mjs";

const [url] = process.argv.slice(2);
const text = (result) => result.content.map((c) => c.text).join("\n");
deadline(90_000);

const client = new Client({ name: "issue18-uplink", version: "1.0.0" });
let logged;
const message = new Promise((resolve) => { logged = resolve; });
client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => logged(notification.params));
await client.connect(new StreamableHTTPClientTransport(new URL(url)));
print({ step: "opened", text: text(await client.callTool({ name: "uplink-echo_uplink_open", arguments: {} })) });

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  break; // the test has sent the message
}
const relayed = await client.callTool({ name: "uplink-echo_uplink_relay", arguments: {} });
print({ step: "message", params: await message });
print({ step: "relayed", text: text(relayed) });
await client.close();
process.exit(0);
