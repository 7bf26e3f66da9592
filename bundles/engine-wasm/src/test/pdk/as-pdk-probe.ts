// A plugin written with the official Extism AssemblyScript PDK (@extism/as-pdk), as any Extism user
// would write one: it uses only the PDK and its kernel imports (extism:host/env), nothing of Astrid's.
// ExtismPdkPluginTest runs each export on our engine; scripts/build-wasm-plugins builds it.
import { Config, Host, LogLevel, Memory, Var } from "@extism/as-pdk";
import { error_set, http_request, length } from "@extism/as-pdk/lib/env";

// AssemblyScript's runtime reports a failed assertion through env.abort; the build points it here.
function fail_on_abort(message: string | null, file: string | null, line: u32, column: u32): void {
  fail(message == null ? "abort" : message);
}

function fail(message: string): void {
  error_set(Memory.allocateString(message).offset);
}

// Output as UTF-8 bytes: the PDK's outputString counts UTF-16 units, wrong for text beyond ASCII.
function output(text: string): void {
  Host.output(Uint8Array.wrap(String.UTF8.encode(text)));
}

// Input and output: the number of vowels in the input text.
export function count_vowels(): i32 {
  const text = Host.inputString();
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if ("aeiouAEIOU".includes(text.charAt(i))) {
      count++;
    }
  }
  output('{"count":' + count.toString() + '}');
  return 0;
}

// Configuration: the capsule's value of `greeting`, or an error naming the missing key.
export function greet(): i32 {
  const greeting = Config.get("greeting");
  if (greeting == null) {
    fail("no configuration value [greeting]");
    return 1;
  }
  output(greeting + ", " + Host.inputString() + "!");
  return 0;
}

// Variables: a counter that outlives the call, and is removed when the input says "reset".
export function count_calls(): i32 {
  if (Host.inputString() == "reset") {
    Var.remove("calls");
    output("0");
    return 0;
  }
  const previous = Var.getString("calls");
  const calls = (previous == null ? 0 : I32.parseInt(previous)) + 1;
  Var.set("calls", Uint8Array.wrap(String.UTF8.encode(calls.toString())));
  output(calls.toString());
  return 0;
}

// HTTP: a GET of the URL given as input, answering the response body.
export function fetch(): i32 {
  const request = Memory.allocateString('{"url":"' + Host.inputString() + '","method":"GET","headers":{}}');
  const response = http_request(request.offset, 0);
  if (response == 0) { // a response without a body
    output("");
    return 0;
  }
  Host.output(new Memory(response, length(response)).toUint8Array());
  return 0;
}

// Logs at each level the PDK offers.
export function log_levels(): i32 {
  Host.log(LogLevel.Debug, "as-pdk debug");
  Host.log(LogLevel.Info, "as-pdk info");
  Host.log(LogLevel.Warn, "as-pdk warn");
  Host.log(LogLevel.Error, "as-pdk error");
  output("logged");
  return 0;
}
