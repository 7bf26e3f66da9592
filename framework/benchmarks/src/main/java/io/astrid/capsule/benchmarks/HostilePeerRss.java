package io.astrid.capsule.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a hostile peer can make the host hold (issue 13, finding 4 and 8): the assembled runtime
 * ({@code distribution/target/capsule/bin/capsule}, {@code -Xmx256m}) makes one call per row, each
 * in a JVM of its own, and the row is that JVM's peak resident set ({@code VmHWM} of
 * {@code /proc/PID/status}) beside a baseline call of a well-behaved peer of the same engine. Fails when a row is over
 * the bound ({@code -Dhostile.rss.bound.mb}, default 400). Run from the repository's root with
 * {@code ./build bench hostile}.
 */
public final class HostilePeerRss {
  private static final Path DISTRIBUTION = Path.of("distribution/target/capsule");
  private static final Path PLUGINS = Path.of("bundles/engine-wasm/src/test/plugins");
  private static final Path SERVERS = Path.of("bundles/engine-mcp/src/test/node");
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String HEAP = "-Xmx256m";
  private static final byte[] CHUNK = new byte[64 * 1024];

  private HostilePeerRss() {}

  /**
   * One call of the runtime: a capsule in a root of its own, the command line after the root. The
   * first row of an engine is its baseline (a wasm guest loads Truffle, an MCP capsule does not).
   */
  private record Row(String engine, String peer, String capsuleToml, String entrypoint, List<String> command) {}

  private record Result(Row row, int exit, long peakKb, String said, double seconds) {}

  public static void main(String[] args) throws Exception {
    long boundMb = Long.getLong("hostile.rss.bound.mb", 400);
    HttpServer server = loopbackServer();
    try {
      String net = "\"127.0.0.1:" + server.getAddress().getPort() + "\"";
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      List<Row> rows = List.of(
          wasm("baseline: a wasm guest's HTTP request, 23-byte body", "host-functions.wasm", net,
              "invoke", "http", "{\"url\":\"" + base + "/hello\"}"),
          mcp("baseline: an MCP stdio server's tool, a short answer", "crash-server.mjs", "hello",
              "{\"name\":\"rss\"}"),
          wasm("(a) a wasm guest's HTTP request, endless body", "host-functions.wasm", net,
              "invoke", "http", "{\"url\":\"" + base + "/endless\"}"),
          mcp("(b) MCP stdio server, 100 MB of stderr without a newline", "stderr-flood-server.mjs", "hello", "{}"),
          mcp("(c) MCP server answering with a 5 MiB result", "hostile-server.mjs", "huge", "{}"),
          wasm("(d) a wasm guest logging 20,000 lines in one call", "log_flood.wasm", null, "invoke", "log_flood", ""));
      List<Result> results = new ArrayList<>();
      for (Row row : rows) {
        results.add(measure(row));
      }
      print(results, boundMb);
      long over = results.stream().filter(r -> r.peakKb() > boundMb * 1024).count();
      if (over > 0) {
        System.err.println("hostile peers: " + over + " rows over the bound of " + boundMb + " MB");
        System.exit(1);
      }
    } finally {
      server.stop(0);
    }
  }

  private static Row wasm(String peer, String plugin, String net, String command, String export, String input) {
    String toml = """
        [package]
        name = "peer"
        version = "1.0.0"

        [component]
        entrypoint = "%s"
        """.formatted(plugin) + (net == null ? "" : "\n[capabilities]\nnet = [" + net + "]\n");
    return new Row("wasm", peer, toml, plugin, List.of(command, "peer", export, input));
  }

  private static Row mcp(String peer, String script, String tool, String arguments) {
    String toml = """
        [package]
        name = "peer"
        version = "1.0.0"

        [capabilities]
        host_process = ["node"]

        [[mcp_server]]
        id = "peer"
        command = "node"
        args = ["%s"]
        """.formatted(SERVERS.resolve(script).toAbsolutePath());
    return new Row("mcp", peer, toml, null, List.of("call", "capsule:peer:" + tool, arguments));
  }

  /**
   * {@code /hello} answers 23 bytes; {@code /endless} sends 64 KiB chunks until the client hangs up
   * (the write then fails, which ends the exchange).
   */
  private static HttpServer loopbackServer() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hello", exchange -> {
      byte[] body = "hello from the loopback".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/endless", exchange -> {
      exchange.sendResponseHeaders(200, 0); // chunked, no length
      try (OutputStream body = exchange.getResponseBody()) {
        while (true) {
          body.write(CHUNK);
        }
      } catch (IOException hungUp) {
        exchange.close();
      }
    });
    server.start();
    return server;
  }

  /** Runs the row's call and follows its JVM's VmHWM until it exits. */
  private static Result measure(Row row) throws Exception {
    Path temp = Files.createTempDirectory("hostile-rss");
    Path capsule = Files.createDirectories(temp.resolve("root/peer"));
    Files.writeString(capsule.resolve("Capsule.toml"), row.capsuleToml());
    if (row.entrypoint() != null) {
      Files.copy(PLUGINS.resolve(row.entrypoint()), capsule.resolve(row.entrypoint()));
    }
    List<String> command = new ArrayList<>();
    command.add(DISTRIBUTION.resolve("bin/capsule").toAbsolutePath().toString());
    command.addAll(row.command());
    command.addAll(List.of("--root", temp.resolve("root").toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(Files.createDirectories(temp.resolve("ws"))
        .toFile()).redirectOutput(temp.resolve("out.txt").toFile()).redirectError(temp.resolve("err.txt").toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CAPSULE_JAVA_OPTS", HEAP + " -Dastrid.state.dir=" + temp.resolve("state"));
    long started = System.nanoTime();
    Process process = builder.start();
    // bin/capsule execs the JVM in its own process: after the exec, VmHWM is the JVM's (a new
    // address space starts its high-water mark afresh). Polled, since it is gone with the process.
    Path status = Path.of("/proc/" + process.pid() + "/status");
    long peakKb = 0;
    long deadline = started + TIMEOUT.toNanos();
    while (!process.waitFor(10, TimeUnit.MILLISECONDS)) {
      peakKb = Math.max(peakKb, highWaterMarkKb(status));
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("row [" + row.peer() + "]: the call did not end within " + TIMEOUT);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Result(row, process.exitValue(), peakKb, said(temp, process.exitValue()), seconds);
  }

  /** VmHWM in kB, or 0 once the process is gone (its last reading stands). */
  private static long highWaterMarkKb(Path status) throws IOException {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").strip());
        }
      }
      return 0;
    } catch (NoSuchFileException gone) {
      return 0;
    }
  }

  /** What the command answered: its output's first line, or when it failed its error's last line. */
  private static String said(Path temp, int exit) throws IOException {
    List<String> lines = Files.readAllLines(temp.resolve(exit == 0 ? "out.txt" : "err.txt"));
    String said = lines.isEmpty() ? "" : exit == 0 ? lines.getFirst() : lines.getLast();
    return said.length() > 160 ? said.substring(0, 160) + "..." : said;
  }

  private static void print(List<Result> results, long boundMb) {
    System.out.printf("%nPeak RSS of the runtime's JVM (bin/capsule, %s), one call per JVM; bound %d MB%n%n", HEAP,
        boundMb);
    System.out.println("| peer | exit | s | peak RSS | vs its engine's baseline | what the runtime said |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    for (Result r : results) {
      long baselineKb = results.stream().filter(b -> b.row().engine().equals(r.row().engine())).findFirst()
          .orElseThrow().peakKb();
      System.out.printf("| %s | %d | %.1f | %d MB | %+d MB | %s |%n", r.row().peer(), r.exit(), r.seconds(),
          r.peakKb() / 1024, (r.peakKb() - baselineKb) / 1024, r.said().replace("|", "\\|"));
    }
  }
}
