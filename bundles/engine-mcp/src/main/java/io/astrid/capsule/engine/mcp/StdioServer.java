package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;

/**
 * One running stdio server process: its stdout feeds the JSON-RPC peer line by line (bounded),
 * its stderr goes to the log, its exit is reported once. {@link #stop} closes stdin, waits, then
 * SIGTERM and finally SIGKILL for the whole process tree — {@code npx} runs node as a child, and
 * a child left behind is an orphan.
 */
final class StdioServer implements ServerConnection {
  /** Longest line accepted from a server; MCP messages with big results stay far below it. */
  static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

  static final Duration STDIN_CLOSE_GRACE = Duration.ofSeconds(2);
  static final Duration TERM_GRACE = Duration.ofSeconds(2);

  private final Process process;
  private final JsonRpcPeer peer;
  private final Logger log;

  private StdioServer(Process process, JsonRpcPeer peer, Logger log) {
    this.process = process;
    this.peer = peer;
    this.log = log;
  }

  /**
   * Starts {@code command} in {@code directory} with exactly {@code environment}.
   *
   * @param onNotification server notifications
   * @param onRequest server requests (ping)
   * @param onExit told the exit code once the process is gone and its output read
   */
  static StdioServer start(List<String> command, Path directory, Map<String, String> environment,
      Consumer<JsonNode> onNotification, Consumer<JsonNode> onRequest, IntConsumer onExit, Logger log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    java.io.OutputStream stdin = process.getOutputStream();
    JsonRpcPeer peer = new JsonRpcPeer(message -> {
      byte[] line = (message + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (stdin) {
        stdin.write(line);
        stdin.flush();
      }
    }, onNotification, onRequest, log);
    StdioServer server = new StdioServer(process, peer, log);
    // A platform thread: reads from a pipe block their carrier anyway, and waking the caller
    // straight from it is the shortest path a response can take (the latency benchmark's hot path).
    Thread.ofPlatform().daemon().name("mcp-stdout-" + process.pid()).start(() -> server.readStdout(onExit));
    Thread.ofVirtual().name("mcp-stderr-" + process.pid()).start(server::readStderr);
    return server;
  }

  @Override
  public JsonRpcPeer peer() {
    return peer;
  }

  @Override
  public String describe() {
    return "pid " + process.pid();
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Ends the process and all its descendants; returns when none is left (or after SIGKILL). */
  @Override
  public void stop() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already closed: the process is ending.
    }
    if (waitFor(tree, STDIN_CLOSE_GRACE)) {
      return;
    }
    tree.forEach(ProcessHandle::destroy);
    if (waitFor(tree, TERM_GRACE)) {
      return;
    }
    tree.forEach(ProcessHandle::destroyForcibly);
    waitFor(tree, TERM_GRACE);
  }

  private static boolean waitFor(List<ProcessHandle> tree, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      try {
        handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        return tree.stream().noneMatch(ProcessHandle::isAlive);
      }
    }
    return true;
  }

  private void readStdout(IntConsumer onExit) {
    BoundedLines lines = new BoundedLines(process.getInputStream(), MAX_LINE_BYTES);
    try {
      for (var line = lines.next(); line.isPresent(); line = lines.next()) {
        if (line.get().text().isPresent()) {
          peer.receive(line.get().text().get());
        } else {
          peer.dropped(line.get().droppedBytes(), line.get().head(), line.get().tail(), MAX_LINE_BYTES);
        }
      }
    } catch (IOException e) {
      log.debug("stdout closed: {}", e.getMessage());
    }
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    }
    peer.close("the server exited (code " + code + ")");
    onExit.accept(code);
  }

  private void readStderr() {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8))) {
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        log.info("stderr: {}", line.length() > 4096 ? line.substring(0, 4096) + "..." : line);
      }
    } catch (IOException e) {
      log.debug("stderr closed: {}", e.getMessage());
    }
  }
}
