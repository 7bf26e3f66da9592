// The peer of the MCP latency benchmark: the official TypeScript SDK client against the same
// server, measured the same way as ours. Prints one JSON line: spawn-to-ready and echo medians.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [server, rounds = "3", warmup = "2000", measured = "1000"] = process.argv.slice(2);
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spawns = [];
const echoes = [];
for (let round = 0; round < Number(rounds); round++) {
  const started = process.hrtime.bigint();
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [server, "stdio"] }));
  await client.listTools();
  spawns.push(Number(process.hrtime.bigint() - started) / 1e6);
  for (let i = 0; i < Number(warmup); i++) {
    await client.callTool({ name: "echo", arguments: { message: "ping" } });
  }
  const times = [];
  for (let i = 0; i < Number(measured); i++) {
    const t0 = process.hrtime.bigint();
    await client.callTool({ name: "echo", arguments: { message: "ping" } });
    times.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  echoes.push(median(times));
  await client.close();
}
console.log(JSON.stringify({ spawnToReadyMs: median(spawns), echoMedianUs: median(echoes) }));
