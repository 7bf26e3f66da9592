// The Node peer of ./build bench wasm: the Extism JS SDK runs the same plugins, timed the same way
// as the hosts in the JVM. Reads the plan as JSON on stdin:
//   {"warmupMs", "measureMs", "maxCalls", "rounds", "config": {KEY: VALUE},
//    "rows": [{"name", "wasm" (a path), "export", "input" (base64)}]}
// and prints one JSON line: {ROW: {"roundMediansNs": [...], "output": base64 of the last output}}.
import { readFileSync } from "node:fs";
import createPlugin from "@extism/extism";

const plan = JSON.parse(readFileSync(0, "utf8"));
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

// The host function of the host_roundtrip plugin, answering from the plan's configuration as
// astrid_get_config does in our engine.
const functions = {
  "extism:host/user": {
    astrid_get_config(context, key) {
      const value = plan.config[context.read(key).text()];
      return value === undefined ? 0n : context.store(value);
    },
  },
};

const rows = [];
for (const row of plan.rows) {
  const plugin = await createPlugin({ wasm: [{ data: readFileSync(row.wasm) }] }, { useWasi: false, functions });
  // A copy with an ArrayBuffer of its own: the SDK passes a view's whole buffer as the input, and a
  // small Buffer is a slice of Node's shared 8 KiB pool.
  const input = new Uint8Array(Buffer.from(row.input, "base64"));
  rows.push({ row, plugin, input, medians: [], output: new Uint8Array(0) });
}

// One call as the other hosts make it: 1.0.3 frees no block between calls, so the reset that
// they do inside every call is done (and timed) here.
async function call(entry) {
  const output = await entry.plugin.call(entry.row.export, entry.input);
  const bytes = output === null ? new Uint8Array(0) : output.bytes();
  await entry.plugin.reset();
  return bytes;
}

// Untimed calls for warmupMs: the time, not a number of calls, is what lets the compilers finish.
async function warmUp(entry) {
  const end = process.hrtime.bigint() + BigInt(plan.warmupMs) * 1000000n;
  do {
    entry.output = await call(entry);
  } while (process.hrtime.bigint() < end);
}

// Timed calls for measureMs (at least one, at most maxCalls); the round's median.
async function measure(entry) {
  const times = [];
  const end = process.hrtime.bigint() + BigInt(plan.measureMs) * 1000000n;
  do {
    const t0 = process.hrtime.bigint();
    entry.output = await call(entry);
    times.push(Number(process.hrtime.bigint() - t0));
  } while (times.length < plan.maxCalls && process.hrtime.bigint() < end);
  entry.medians.push(median(times));
}

for (const entry of rows) {
  await warmUp(entry);
}
// Rounds over all rows, as the JVM hosts do (CallTimer).
for (let round = 0; round < plan.rounds; round++) {
  for (const entry of rows) {
    await measure(entry);
  }
}
const result = {};
for (const entry of rows) {
  result[entry.row.name] = { roundMediansNs: entry.medians, output: Buffer.from(entry.output).toString("base64") };
  await entry.plugin.close();
}
console.log(JSON.stringify(result));
