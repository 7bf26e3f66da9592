// The one client of ./build bench gateway: the TypeScript MCP SDK's client over Streamable HTTP
// drives every server the same way, so that the servers are compared, not the clients. Reads the
// plan as JSON on stdin:
//   {"warmupMs", "measureMs", "maxCallsPerClient", "clients": [1, 8, 64],
//    "targets": [{"name", "url", "token" (or null), "tool", "arguments"}]}
// For each number of clients, and each target in turn, that many clients (each its own session)
// call the tool in a loop: first for warmupMs, then for measureMs, each at most maxCallsPerClient
// times. Prints one JSON line: {TARGET: [{"clients", "calls", "errors", "firstError", "seconds",
// "p50Us", "p99Us", "callsPerSecond", "sample" (the text of one result)}]}.
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const plan = JSON.parse(readFileSync(0, "utf8"));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

// Node's fetch (undici) takes its abort listener off init.signal only when the request is garbage
// collected, and the SDK's transport gives every request its one long-lived signal: listeners piled up
// on it, a MaxListenersExceededWarning per client at 64 clients. Each request gets a signal of its own
// that follows the transport's (AbortSignal.any holds it weakly, with no listener), so the listener
// goes with its request.
const fetchWithOwnSignal = (url, init) =>
  fetch(url, init?.signal ? { ...init, signal: AbortSignal.any([init.signal]) } : init);

async function connect(target) {
  const client = new Client({ name: "capsule-bench-gateway", version: "1.0.0" });
  const headers = target.token ? { Authorization: `Bearer ${target.token}` } : {};
  const transport = new StreamableHTTPClientTransport(new URL(target.url),
    { requestInit: { headers }, fetch: fetchWithOwnSignal });
  await client.connect(transport);
  return { client, transport };
}

// Ends the session on the server too (HTTP DELETE), so that a server capping sessions is not filled.
async function disconnect({ client, transport }) {
  await transport.terminateSession().catch(() => {});
  await client.close().catch(() => {});
}

// One client's loop until the deadline or the call bound; latencies in µs when measuring.
async function loop(client, target, until, latencies, outcome) {
  for (let calls = 0; calls < plan.maxCallsPerClient && performance.now() < until; calls++) {
    const started = process.hrtime.bigint();
    try {
      const result = await client.callTool({ name: target.tool, arguments: target.arguments });
      if (result.isError) {
        outcome.errors++;
        outcome.firstError ??= JSON.stringify(result.content);
      } else {
        outcome.sample ??= result.content?.[0]?.text ?? JSON.stringify(result.content);
      }
    } catch (error) {
      outcome.errors++;
      outcome.firstError ??= String(error?.message ?? error);
    }
    latencies?.push(Number(process.hrtime.bigint() - started) / 1e3);
  }
}

async function measure(target, clients) {
  const sessions = await Promise.all(Array.from({ length: clients }, () => connect(target)));
  try {
    const warmUntil = performance.now() + plan.warmupMs;
    const warming = { errors: 0, firstError: null, sample: null };
    await Promise.all(sessions.map(({ client }) => loop(client, target, warmUntil, null, warming)));
    const outcome = { errors: 0, firstError: null, sample: null };
    const latencies = [];
    const started = performance.now();
    await Promise.all(sessions.map(({ client }) =>
      loop(client, target, started + plan.measureMs, latencies, outcome)));
    const seconds = (performance.now() - started) / 1e3;
    latencies.sort((a, b) => a - b);
    return {
      clients, calls: latencies.length, errors: outcome.errors, firstError: outcome.firstError, seconds,
      p50Us: percentile(latencies, 0.5), p99Us: percentile(latencies, 0.99),
      callsPerSecond: latencies.length / seconds, sample: outcome.sample,
    };
  } finally {
    await Promise.all(sessions.map(disconnect));
  }
}

const results = Object.fromEntries(plan.targets.map((target) => [target.name, []]));
for (const clients of plan.clients) {
  for (const target of plan.targets) {
    results[target.name].push(await measure(target, clients));
  }
}
console.log(JSON.stringify(results));
