// What the gateway's test clients share: one JSON line per step on standard output, a deadline after which
// the client prints a "timeout" step and exits 1, and an action's error message as a value.
export const print = (step) => process.stdout.write(JSON.stringify(step) + "\n");

export const deadline = (ms) => setTimeout(() => { print({ step: "timeout" }); process.exit(1); }, ms).unref();

export const failure = async (action) => {
  try {
    await action();
    return "no error";
  } catch (e) {
    return e.message;
  }
};
