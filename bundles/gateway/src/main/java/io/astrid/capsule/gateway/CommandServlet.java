package io.astrid.capsule.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.gateway.CommandHost;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The command endpoint ({@link CommandHost#PATH}, docs/gateway.md): POST {@code {"arguments": [...],
 * "roots": [...], "input": BASE64, "terminal": BOOL, "workingDirectory": PATH, "answers": [...],
 * "answersEnded": BOOL}} runs one one-shot command in this runtime and answers {@code {"exitCode": N,
 * "out": BASE64, "err": BASE64}}, with {@code "question": {"prompt": TEXT, "secret": BOOL}} when the
 * command stopped to ask its user. Answers may be secrets: nothing of a request is logged. It passes
 * the MCP endpoint's guard and, unlike MCP on loopback, always needs the bearer token: only the user
 * who can read {@code gateway.json} (mode 0600) may run commands here. Errors are {@code {"error": TEXT}}.
 */
final class CommandServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient Supplier<Optional<CommandHost>> host;
  private final transient Supplier<HttpGuard> guard;
  private final transient LongSupplier maxBodyBytes;

  /**
   * {@code guard} (to which the token is added) and {@code maxBodyBytes} are asked at each request: they
   * change in place (@Modified).
   */
  CommandServlet(Supplier<Optional<CommandHost>> host, Supplier<HttpGuard> guard, String token,
      LongSupplier maxBodyBytes) {
    this.host = host;
    this.guard = () -> guard.get().withToken(token);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!guard.get().admits(request, response, CommandServlet::error)) {
      return;
    }
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      fail(response, 405, "method not allowed [" + request.getMethod() + "]");
      return;
    }
    long max = maxBodyBytes.getAsLong();
    Optional<byte[]> body = McpServlet.body(request, max);
    if (body.isEmpty()) {
      fail(response, 413, "request body over " + max + " bytes (gateway.request.max.bytes)");
      return;
    }
    CommandHost.Request command;
    try {
      command = request(Json.MAPPER.readTree(body.get()));
    } catch (IOException | IllegalArgumentException e) {
      fail(response, 400, "bad command request: " + e.getMessage());
      return;
    }
    Optional<CommandHost> commands = host.get();
    if (commands.isEmpty()) {
      fail(response, 503, "no command host: this runtime does not run commands for other processes");
      return;
    }
    CommandHost.Result result = commands.get().run(command);
    ObjectNode answer = Json.MAPPER.createObjectNode();
    answer.put("exitCode", result.exitCode());
    answer.put("out", Base64.getEncoder().encodeToString(result.out()));
    answer.put("err", Base64.getEncoder().encodeToString(result.err()));
    result.question().ifPresent(q -> answer.putObject("question").put("prompt", q.prompt()).put("secret", q.secret()));
    Json.write(response, 200, answer);
  }

  /** The request document; a missing or mistyped member is an IllegalArgumentException naming it. */
  private static CommandHost.Request request(JsonNode document) {
    if (document == null || !document.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    JsonNode input = document.path("input");
    if (!input.isMissingNode() && !input.isTextual()) {
      throw new IllegalArgumentException("input is not a base64 string");
    }
    JsonNode workingDirectory = document.path("workingDirectory");
    if (!workingDirectory.isMissingNode() && !workingDirectory.isTextual()) {
      throw new IllegalArgumentException("workingDirectory is not a string");
    }
    List<String> answers = document.has("answers") ? strings(document, "answers") : List.of();
    return new CommandHost.Request(strings(document, "arguments"), strings(document, "roots"),
        Base64.getDecoder().decode(input.asText("")), document.path("terminal").asBoolean(false),
        workingDirectory.asText(""), answers, document.path("answersEnded").asBoolean(false));
  }

  private static List<String> strings(JsonNode document, String member) {
    JsonNode array = document.path(member);
    if (!array.isArray()) {
      throw new IllegalArgumentException(member + " is not an array of strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode value : array) {
      if (!value.isTextual()) {
        throw new IllegalArgumentException(member + " is not an array of strings");
      }
      values.add(value.asText());
    }
    return values;
  }

  private static void fail(HttpServletResponse response, int status, String message) throws IOException {
    Json.write(response, status, error(message));
  }

  private static ObjectNode error(String message) {
    return Json.MAPPER.createObjectNode().put("error", message);
  }
}
