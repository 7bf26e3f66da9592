// An MCP server that notes how the runtime's requests arrive after initialize (issue 18, spawn to ready):
// the initialized notification and the first request of each list should come in one write, so that
// the server reads them at once. It declares tools, resources and prompts; its one tool is named
// "one_write" when notifications/initialized, tools/list, resources/list, resources/templates/list and
// prompts/list all came in the chunk the notification came in, else "several_writes". The resource
// list is paged (two pages), which the runtime follows one request after the other. With the argument
// "mute", it answers initialize and nothing after it.
const mute = process.argv[2] === "mute";
const send = (id, result) => process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id, result }) + "\n");
const listed = ["notifications/initialized", "tools/list", "resources/list", "resources/templates/list",
  "prompts/list"];
let together;
let rest = "";
process.stdin.on("data", (chunk) => {
  const lines = (rest + chunk.toString("utf8")).split("\n");
  rest = lines.pop();
  const messages = lines.filter((line) => line.trim()).map((line) => JSON.parse(line));
  const methods = messages.map((message) => message.method);
  if (together === undefined && methods.includes("notifications/initialized")) {
    together = listed.every((method) => methods.includes(method));
  }
  for (const message of messages) {
    answer(message);
  }
});

function answer({ id, method, params }) {
  if (mute && method !== "initialize") {
    return;
  }
  if (method === "initialize") {
    send(id, { protocolVersion: params.protocolVersion, capabilities: { tools: {}, resources: {}, prompts: {} },
      serverInfo: { name: "pipelined-lists-server", version: "1.0.0" } });
  } else if (method === "tools/list") {
    send(id, { tools: [{ name: together ? "one_write" : "several_writes", inputSchema: { type: "object" } }] });
  } else if (method === "resources/list") {
    send(id, params?.cursor ? { resources: [{ uri: "test://two", name: "two" }] }
      : { resources: [{ uri: "test://one", name: "one" }], nextCursor: "page-2" });
  } else if (method === "resources/templates/list") {
    send(id, { resourceTemplates: [{ uriTemplate: "test://{name}", name: "named" }] });
  } else if (method === "prompts/list") {
    send(id, { prompts: [{ name: "greet" }] });
  } else if (id !== undefined) {
    send(id, {});
  }
}
