// A server that reads everything and answers nothing.
process.stdin.resume();
