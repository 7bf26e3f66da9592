// Runs the server given on the command line as a child process, as npx does: the MCP engine must
// end the whole tree, not just this parent.
import { spawn } from "node:child_process";

const child = spawn(process.execPath, process.argv.slice(2), { stdio: "inherit" });
child.on("exit", (code) => process.exit(code ?? 1));
process.on("SIGTERM", () => {}); // ignore SIGTERM like a stubborn wrapper; SIGKILL still ends it
