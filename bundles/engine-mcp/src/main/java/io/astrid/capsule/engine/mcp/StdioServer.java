package io.astrid.capsule.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * One running stdio server process: its stdout feeds the JSON-RPC peer line by line (read by the
 * caller waiting for a response or by a reader thread, see {@link StdoutReading}), its stderr
 * goes to the log line by line (both bounded), its exit is reported once. It is started through
 * {@code setsid} as the leader of a {@link ProcessGroup} recorded in the {@link ProcessLedger}:
 * {@link #stop} closes stdin, waits, then SIGTERM and finally SIGKILL for every member — {@code npx}
 * runs node as a child, a daemon double-forks, and whatever is left behind is an orphan. When the
 * server exits on its own, what it left running is ended too. A reader that fails ends the server,
 * so that its exit is reported (and it restarts) instead of it serving half-deaf.
 */
final class StdioServer implements ServerConnection {
  /** Longest line accepted from a server; MCP messages with big results stay far below it. */
  static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

  /** Longest stderr line logged; the rest of a longer one is dropped and counted (issue 13, finding 4). */
  static final int MAX_STDERR_LINE_BYTES = 4096;

  /** How long an exited server's stderr is read on before its exit is reported without the rest. */
  static final Duration STDERR_DRAIN_TIMEOUT = Duration.ofSeconds(1);

  static final Duration STDIN_CLOSE_GRACE = Duration.ofSeconds(2);
  static final Duration TERM_GRACE = Duration.ofSeconds(2);

  private final Process process;
  private final ProcessGroup group;
  private final ProcessLedger ledger;
  private final JsonRpcPeer peer;
  private final BooleanSupplier admitStderrLine;
  private final Logger log;
  private final StderrTail stderrTail = new StderrTail();
  private volatile Thread stderrReader;

  private StdioServer(Process process, ProcessGroup group, ProcessLedger ledger, JsonRpcPeer peer,
      BooleanSupplier admitStderrLine, Logger log) {
    this.process = process;
    this.group = group;
    this.ledger = ledger;
    this.peer = peer;
    this.admitStderrLine = admitStderrLine;
    this.log = log;
  }

  /**
   * A server process started and its group recorded, whose output is not read yet: the engine
   * builds its own state while the server starts (issue 18), then {@link #attach}es.
   */
  record Launched(Process process, ProcessGroup group, ProcessLedger ledger) {
    /** Ends a process that was never attached (the load failed before), and forgets its group. */
    void abandon() {
      group.end(TERM_GRACE);
      ledger.forget(group);
    }
  }

  /**
   * Starts {@code command} in {@code directory} with exactly {@code environment} (and the group's
   * marker), its group recorded in {@code ledger} for {@code owner} before anything is sent to it.
   */
  static Launched launch(List<String> command, Path directory, Map<String, String> environment, ProcessLedger ledger,
      String owner) throws IOException {
    String token = ProcessGroup.newToken();
    ProcessBuilder builder = new ProcessBuilder(leading(command, environment.get("PATH")))
        .directory(directory.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().put(ProcessGroup.MARKER, token);
    Process process = builder.start();
    try {
      ProcessGroup group = ProcessGroup.of(token, process.toHandle());
      ledger.record(group, owner);
      return new Launched(process, group, ledger);
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw new IOException("cannot record the process group of [" + command.getFirst() + "] in ["
          + ledger.directory() + "]: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the {@code launched} server's output from now on.
   *
   * @param admitStderrLine asked before each stderr line is logged (the capsule's log rate); false drops it
   * @param onNotification server notifications
   * @param onRequest server requests (ping)
   * @param onExit told the exit code once the process is gone and its output read
   */
  static StdioServer attach(Launched launched, Consumer<JsonNode> onNotification, Consumer<JsonNode> onRequest,
      IntConsumer onExit, BooleanSupplier admitStderrLine, Logger log) {
    Process process = launched.process();
    JsonRpcPeer peer = new JsonRpcPeer(new Stdin(process.getOutputStream()), onNotification, onRequest, log);
    StdioServer server = new StdioServer(process, launched.group(), launched.ledger(), peer, admitStderrLine, log);
    StdoutReading stdout = new StdoutReading(process, MAX_LINE_BYTES, peer, e -> server.readerFailed("stdout", e), log);
    peer.readOnCallers(stdout);
    // The stderr reader first: the stdout reader waits for it when the server exits.
    server.stderrReader = Thread.ofVirtual().name("mcp-stderr-" + process.pid()).start(server::readStderr);
    // A platform thread: reads from a pipe block their carrier anyway.
    Thread.ofPlatform().daemon().name("mcp-stdout-" + process.pid()).start(() -> {
      stdout.readBetweenCalls();
      server.exited(onExit);
    });
    return server;
  }

  /** Messages to the server's stdin, one line each, written straight to the stream with one flush per send. */
  private record Stdin(OutputStream stream) implements JsonRpcPeer.Outbound {
    @Override
    public void send(String message) throws IOException {
      sendAll(List.of(message));
    }

    @Override
    public void sendAll(List<String> messages) throws IOException {
      synchronized (stream) {
        for (String message : messages) {
          stream.write(message.getBytes(StandardCharsets.UTF_8));
          stream.write('\n');
        }
        stream.flush();
      }
    }
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

  /** Ends the process and every member of its group; returns when none is left (or after SIGKILL). */
  @Override
  public void stop() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already closed: the process is ending.
    }
    try {
      process.waitFor(STDIN_CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    endGroup();
  }

  /**
   * {@code command} run through {@code setsid}, so that it leads a process group of its own. The
   * program is looked up here, on the server's {@code path}: {@code setsid} failing to find it would
   * only show as an exit code.
   */
  private static List<String> leading(List<String> command, String path) throws IOException {
    List<String> led = new ArrayList<>();
    led.add(onPath("setsid", System.getenv("PATH")).orElseThrow(() -> new IOException("cannot run program ["
        + command.getFirst() + "]: setsid (util-linux) is not on PATH; it starts each server in a process group"
        + " of its own")).toString());
    led.add(command.getFirst().contains("/") ? command.getFirst() : onPath(command.getFirst(), path)
        .orElseThrow(() -> new IOException("cannot run program [" + command.getFirst() + "]: not found on PATH"))
        .toString());
    led.addAll(command.subList(1, command.size()));
    return led;
  }

  /** The first match of {@code name} in the directories of {@code path}. */
  private static Optional<Path> onPath(String name, String path) {
    return Stream.of(path == null ? new String[0] : path.split(":"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private void endGroup() {
    int ended = group.end(TERM_GRACE);
    ledger.forget(group);
    if (ended > 0) {
      log.debug("ended {} processes of process group {}", ended, group.pgid());
    }
  }

  /** Once the server's stdout has ended: waits for its exit, ends what it left and reports the exit. */
  private void exited(IntConsumer onExit) {
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    }
    endGroup(); // what the server left running when it exited
    awaitStderr();
    peer.close(stderrTail.after("the server exited (code " + code + ")"));
    onExit.accept(code);
  }

  private void readStderr() {
    BoundedLines lines = new BoundedLines(process.getErrorStream(), MAX_STDERR_LINE_BYTES);
    try {
      for (var line = lines.next(); line.isPresent(); line = lines.next()) {
        stderrTail.add(UntrustedText.escape(line.get().text()));
        if (!admitStderrLine.getAsBoolean()) {
          continue; // over the capsule's log rate: read on, so that the server never blocks on a full pipe
        }
        if (line.get().droppedBytes() == 0) {
          log.info("stderr: {}", UntrustedText.escape(line.get().text()));
        } else {
          log.info("stderr: {}... [{} bytes dropped]", UntrustedText.escape(line.get().text()),
              line.get().droppedBytes());
        }
      }
    } catch (IOException e) {
      log.debug("stderr closed: {}", e.getMessage());
    } catch (RuntimeException | Error e) {
      readerFailed("stderr", e);
    }
  }

  /** The exit reason quotes the last stderr lines: wait (bounded) until the stderr reader has read them. */
  private void awaitStderr() {
    Thread reader = stderrReader;
    if (reader == null) {
      return;
    }
    try {
      reader.join(STDERR_DRAIN_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A reader that cannot go on ends the server: its exit is then reported like a crash, and it restarts. */
  private void readerFailed(String stream, Throwable e) {
    log.error("reading the {} of server {} failed ({}); ending it", stream, describe(), e.toString());
    process.destroyForcibly();
  }
}
