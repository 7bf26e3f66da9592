// The one client of ./build bench gateway: the TypeScript MCP SDK's client over Streamable HTTP
// drives every server the same way, so that the servers are compared, not the clients. Reads the
// plan as JSON on stdin:
//   {"warmupMs", "warmupWindowMs", "warmupMaxMs", "rounds", "roundMs", "maxCallsPerClient",
//    "clients": [1, 8, 64], "targets": [{"name", "url", "token" (or null), "tool", "arguments"}]}
// For each number of clients, that many clients per target (each its own session) call the tool in a
// loop: first each target alone until it is warm (warm() below), then the targets take turns for `rounds` rounds of
// roundMs each, every client calling at most maxCallsPerClient times a round. The order of the turns
// alternates (A B, B A, A B...), so that a drift of the machine's load during a row weighs on every
// target alike instead of on whichever ran second. Prints one JSON line: {TARGET: [{"clients", "calls",
// "errors", "firstError", "seconds", "p50Us", "p99Us", "callsPerSecond", "roundP50Us" (each round's
// p50), "warmupSeconds", "sample" (the text of one result)}]}.
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

// Warms a target up: its clients call in windows of warmupWindowMs, for warmupMs at least and until the
// p50 of two windows in a row is no better than the best window before by more than 5% (a JIT, Truffle's
// above all, compiling the call path for tens of seconds on a busy machine), for warmupMaxMs at most.
// Returns the seconds it took.
async function warm(side) {
  const started = performance.now();
  const warming = { errors: 0, firstError: null, sample: null };
  let best = Infinity;
  let steady = 0;
  while (performance.now() - started < plan.warmupMaxMs) {
    const latencies = [];
    const until = performance.now() + plan.warmupWindowMs;
    await Promise.all(side.sessions.map(({ client }) => loop(client, side.target, until, latencies, warming)));
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 0.5);
    steady = p50 >= best * 0.95 ? steady + 1 : 0;
    best = Math.min(best, p50);
    if (steady >= 2 && performance.now() - started >= plan.warmupMs) {
      break;
    }
  }
  return (performance.now() - started) / 1e3;
}

// A row: the targets' sessions open at once, warmed up one after the other, then measured in turns.
async function row(clients) {
  // One target's sessions after the other's: 128 connections opened at once at load 35 had the peer reset one.
  const sides = [];
  for (const target of plan.targets) {
    sides.push({
      target,
      sessions: await Promise.all(Array.from({ length: clients }, () => connect(target))),
      outcome: { errors: 0, firstError: null, sample: null },
      latencies: [],
      roundP50Us: [],
      seconds: 0,
    });
  }
  try {
    for (const side of sides) {
      side.warmupSeconds = await warm(side);
    }
    for (let round = 0; round < plan.rounds; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const latencies = [];
        const started = performance.now();
        await Promise.all(side.sessions.map(({ client }) =>
          loop(client, side.target, started + plan.roundMs, latencies, side.outcome)));
        side.seconds += (performance.now() - started) / 1e3;
        latencies.sort((a, b) => a - b);
        side.roundP50Us.push(percentile(latencies, 0.5));
        for (const latency of latencies) side.latencies.push(latency); // not push(...): a long row overflows the stack
      }
    }
    return Object.fromEntries(sides.map((side) => {
      const sorted = side.latencies.sort((a, b) => a - b);
      return [side.target.name, {
        clients, calls: sorted.length, errors: side.outcome.errors, firstError: side.outcome.firstError,
        seconds: side.seconds, p50Us: percentile(sorted, 0.5), p99Us: percentile(sorted, 0.99),
        callsPerSecond: sorted.length / side.seconds, roundP50Us: side.roundP50Us, sample: side.outcome.sample,
        warmupSeconds: side.warmupSeconds,
      }];
    }));
  } finally {
    await Promise.all(sides.flatMap((side) => side.sessions.map(disconnect)));
  }
}

const results = Object.fromEntries(plan.targets.map((target) => [target.name, []]));
for (const clients of plan.clients) {
  const measured = await row(clients);
  for (const target of plan.targets) {
    results[target.name].push(measured[target.name]);
  }
}
console.log(JSON.stringify(results));
