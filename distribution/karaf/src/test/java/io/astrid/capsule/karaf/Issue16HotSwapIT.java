package io.astrid.capsule.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, engine hot swap under load (profile {@code hotswap}: about 10 minutes). In our Karaf assembly, 8 MCP
 * clients call, through the gateway over HTTP, a tool of a wasm capsule (notes), of an MCP capsule (echo) and a
 * resource of a static capsule (hello-static), each checking that the answer is its own, while every engine bundle
 * is {@code bundle:update}d 5 times. Every call succeeds or fails with a clear error naming the engine or the
 * capsule's state; none hangs past its timeout or returns a wrong result; the capsules are READY after each update;
 * the MCP server's process is not leaked, nor threads, and the engines' old class loaders are collected.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class Issue16HotSwapIT {
  private static final Path ARCHIVE = Path.of(System.getProperty("capsule.karaf.archive"));
  private static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));
  private static final Path ECHO_SERVER = Path.of("src/test/node/echo-server.mjs").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLIENTS = 8;
  private static final int UPDATES = 5;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);
  private static final List<String> ENGINES = List.of("io.astrid.capsule.engine.wasm",
      "io.astrid.capsule.engine.mcp", "io.astrid.capsule.engine.static");
  private static final Predicate<String> ALL_READY = out -> out.lines().filter(l -> l.matches("\\S+ +\\S+ +READY .*"))
      .count() == 3;
  /**
   * What a caller may be told while an engine is away: its engine, or its capsule not READY. Never {@code unknown tool}
   * or {@code resource not found}: the registry keeps a capsule's entries, with the reason, while its engine is away.
   */
  private static final Pattern CLEAR = Pattern.compile("(?i).*(engine|waiting|not ready|loading|unloading|updating)"
      + ".*", Pattern.DOTALL);

  private final AtomicLong made = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong clearlyFailed = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final Map<String, AtomicLong> reasons = new ConcurrentHashMap<>();

  @TempDir
  Path directory;

  @Test
  void callsDuringEngineUpdatesSucceedOrFailClearlyAndNothingLeaks() throws Exception {
    Path roots = Files.createDirectories(directory.resolve("roots"));
    KarafProcess.copy(EXAMPLES.resolve("notes"), roots.resolve("notes"));
    KarafProcess.copy(EXAMPLES.resolve("hello-static"), roots.resolve("hello-static"));
    Files.createDirectories(roots.resolve("echo"));
    Files.writeString(roots.resolve("echo/Capsule.toml"), """
        [package]
        name = "echo"
        version = "1.0.0"

        [capabilities]
        host_process = ["node"]

        [[mcp_server]]
        id = "echo"
        command = "node"
        args = ["%s"]
        """.formatted(ECHO_SERVER));
    try (KarafProcess karaf = KarafProcess.start(ARCHIVE, directory, "roots = " + roots + "\n")) {
      karaf.shellUntil("capsule:list", ALL_READY, Duration.ofSeconds(240));
      for (int c = 0; c < CLIENTS; c++) {
        karaf.shell("capsule:call capsule:notes:note_save '{\"name\": \"client" + c + "\", \"text\": \"note of client "
            + c + "\"}'");
      }
      URI url = URI.create(karaf.shell("capsule:serve").strip().replace("mcp: serving at ", ""));
      String house = Files.readString(roots.resolve("hello-static/context/house-style.md"));
      long threadsBefore = karaf.threads();
      long loadersBefore = karaf.bundleClassLoaders();

      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        done.add(clients.submit(() -> callUntilStopped(url, client, house, running)));
      }
      try {
        for (int round = 1; round <= UPDATES; round++) {
          for (String engine : ENGINES) {
            karaf.shell("bundle:update " + engine);
            karaf.shellUntil("capsule:list", ALL_READY, Duration.ofSeconds(120));
          }
        }
      } finally {
        running.set(false);
        clients.shutdown();
      }
      assertTrue(clients.awaitTermination(CALL_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS), "the clients ended");
      for (Future<?> client : done) {
        client.get();
      }
      System.out.printf("hot swap under load: %d engine updates; calls made %d, succeeded %d, failed with a clear"
          + " error %d, lost %d; errors: %s%n", UPDATES * ENGINES.size(), made.get(), succeeded.get(),
          clearlyFailed.get(), lost.get(), reasons);
      // The leaks first, so that one run reports them beside the counts. One echo server: each update of the MCP
      // engine stopped the old one. 15 updates: a thread or a class loader left behind by each would show.
      karaf.until(() -> karaf.descendants("echo-server.mjs") == 1, Duration.ofSeconds(30),
          () -> karaf.descendants("echo-server.mjs") + " echo servers run");
      karaf.until(() -> karaf.threads() <= threadsBefore + 5, Duration.ofSeconds(60),
          () -> "threads: " + threadsBefore + " before, " + karaf.threads() + " after");
      karaf.until(() -> karaf.bundleClassLoaders() <= loadersBefore, Duration.ofSeconds(60),
          () -> "bundle class loaders: " + loadersBefore + " before, " + karaf.bundleClassLoaders() + " after");
      System.out.printf("hot swap: threads %d before, %d after; bundle class loaders %d before, %d after%n",
          threadsBefore, karaf.threads(), loadersBefore, karaf.bundleClassLoaders());
      assertEquals(0, lost.get(), "lost calls; errors: " + reasons);
      assertEquals(made.get(), succeeded.get() + clearlyFailed.get());
      assertTrue(succeeded.get() > made.get() / 2, "most calls succeed: " + succeeded + " of " + made);
    }
  }

  /** One client: its own MCP session, calling the three capsules in turn until told to stop. */
  private void callUntilStopped(URI url, int client, String house, AtomicBoolean running) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      String session = post(http, url, null, """
          {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",
          "capabilities":{},"clientInfo":{"name":"hotswap","version":"1"}}}""").headers()
          .firstValue("Mcp-Session-Id").orElseThrow();
      for (int i = 1; running.get(); i++) {
        String echo = "client " + client + " call " + i;
        switch (i % 3) {
          case 0 -> call(http, url, session, i, "tools/call", "{\"name\":\"echo_echo\",\"arguments\":{\"text\":\""
              + echo + "\"}}", echo);
          case 1 -> call(http, url, session, i, "tools/call", "{\"name\":\"notes_note_read\",\"arguments\":{\"name\":"
              + "\"client" + client + "\"}}", "note of client " + client);
          default -> call(http, url, session, i, "resources/read", "{\"uri\":\"" + staticUri() + "\"}", house);
        }
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("client " + client + " could not open its session", e);
    }
  }

  private void call(HttpClient http, URI url, String session, int id, String method, String params, String expected)
      throws InterruptedException {
    made.incrementAndGet();
    try {
      HttpResponse<String> response = post(http, url, session, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\""
          + method + "\",\"params\":" + params + "}");
      JsonNode reply = reply(response.body());
      String error = reply.has("error") ? reply.path("error").path("message").asText()
          : reply.path("result").path("isError").asBoolean() ? text(reply.path("result")) : null;
      if (error == null) {
        String got = method.equals("resources/read") ? reply.path("result").path("contents").path(0).path("text")
            .asText() : text(reply.path("result"));
        count(got.equals(expected) ? succeeded : lost, got.equals(expected) ? null : "wrong result [" + got + "]");
      } else {
        count(CLEAR.matcher(error).matches() ? clearlyFailed : lost, error);
      }
    } catch (IOException e) {
      count(lost, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void count(AtomicLong counter, String reason) {
    counter.incrementAndGet();
    if (reason != null) {
      reasons.computeIfAbsent(reason.replaceAll("client\\d+|\\d+", "N"), r -> new AtomicLong()).incrementAndGet();
    }
  }

  private static String staticUri() {
    return "capsule://hello-static/context/house-style";
  }

  private static String text(JsonNode result) {
    return result.path("content").path(0).path("text").asText();
  }

  /** The JSON-RPC answer: the body, or the last event of an event stream that carries an id. */
  private static JsonNode reply(String body) throws IOException {
    if (body.startsWith("{")) {
      return JSON.readTree(body);
    }
    JsonNode last = JSON.createObjectNode();
    for (String line : body.split("\n")) {
      if (line.startsWith("data:")) {
        JsonNode message = JSON.readTree(line.substring(5).strip());
        if (message.has("id")) {
          last = message;
        }
      }
    }
    return last;
  }

  private static HttpResponse<String> post(HttpClient http, URI url, String session, String body) throws IOException,
      InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(CALL_TIMEOUT)
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      request.header("Mcp-Session-Id", session);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

}
