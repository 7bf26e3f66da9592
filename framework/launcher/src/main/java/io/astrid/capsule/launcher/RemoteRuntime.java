package io.astrid.capsule.launcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.gateway.CommandHost;
import io.astrid.capsule.api.host.StateDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The client of a running runtime's command endpoint ({@link CommandHost#PATH}, docs/gateway.md): a
 * one-shot command ({@code call}, {@code tools}, {@code inspect}, {@code invoke}) finds the runtime
 * that {@code capsule run} serves through {@code gateway.json} in the state directory and runs
 * there, instead of starting a runtime of its own that the state directory's lock would refuse. This
 * path touches no OSGi class: the framework is never started, which is what makes it fast.
 *
 * <p>{@code gateway.json} left by a runtime that was killed is not trusted: its process must be
 * alive and its endpoint must answer, else the command runs on its own as before.
 */
final class RemoteRuntime {
  /** The file the gateway writes while it serves: url, pid, token. */
  static final String ENDPOINT_FILE = "gateway.json";
  /** The most read of {@value #ENDPOINT_FILE} (it holds three short values). */
  private static final int MAX_ENDPOINT_FILE_BYTES = 64 * 1024;
  /**
   * The most read of an answer: a command's output, base64 encoded, plus its error output; far over
   * any tool result the pipeline lets through.
   */
  private static final int MAX_ANSWER_BYTES = 256 * 1024 * 1024;
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  /** Strings as long as the longest answer: a command's output comes as one base64 string. */
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_ANSWER_BYTES).build()).build();

  /** A running runtime's command endpoint, its process and its bearer token. */
  record Endpoint(URI command, long pid, String token) {}

  private RemoteRuntime() {}

  /** The execution strategy of the command line: the running runtime's when there is one, else this process's. */
  static int execute(ParseResult parsed) {
    Optional<Integer> there;
    try {
      there = forward(parsed);
    } catch (RuntimeException e) {
      // To the command line's handler, as a failure of the command itself would go.
      throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(), e.getMessage(), e);
    }
    return there.orElseGet(() -> new CommandLine.RunLast().execute(parsed));
  }

  /** The command asked for, when it is one that can run in the running runtime (it has {@code --standalone}). */
  static Optional<ParseResult> runnableThere(ParseResult parsed) {
    ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    return leaf.commandSpec().findOption(StandaloneOption.NAME) != null ? Optional.of(leaf) : Optional.empty();
  }

  /** {@code roots} as the runtime compares them: absolute and normalized. */
  static List<String> paths(List<CapsuleRoot> roots) {
    return roots.stream().map(r -> r.directory().toAbsolutePath().normalize().toString()).toList();
  }

  /** The exit status of the command run in the running runtime; empty when it is to run here. */
  private static Optional<Integer> forward(ParseResult parsed) {
    Optional<ParseResult> leaf = runnableThere(parsed);
    if (leaf.isEmpty() || leaf.get().hasMatchedOption(StandaloneOption.NAME) || helpRequested(parsed)) {
      return Optional.empty();
    }
    Optional<Endpoint> endpoint = find(StateDirectory.resolve(null, System.getProperty(StateDirectory.PROPERTY)));
    if (endpoint.isEmpty()) {
      return Optional.empty();
    }
    DockingCommand command = leaf.get().commandSpec().commandLine().getCommand();
    List<String> roots;
    try {
      roots = paths(command.roots().roots());
    } catch (RuntimeException e) {
      return Optional.empty(); // a root that is no root: the command says so as it always does
    }
    byte[] input = parsed.originalArgs().contains("-") ? command.standardInput() : new byte[0];
    return send(endpoint.get(), new CommandHost.Request(parsed.originalArgs(), roots, input,
        command.outputIsTerminal())).map(RemoteRuntime::print);
  }

  private static boolean helpRequested(ParseResult parsed) {
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.isUsageHelpRequested() || level.isVersionHelpRequested()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The endpoint {@value #ENDPOINT_FILE} in {@code stateDirectory} names, when its process is alive;
   * empty when there is no such file or it was left by a process that is gone.
   */
  static Optional<Endpoint> find(Path stateDirectory) {
    Path file = stateDirectory.resolve(ENDPOINT_FILE);
    Map<String, Object> document;
    try (InputStream in = Files.newInputStream(file)) {
      document = members(in.readNBytes(MAX_ENDPOINT_FILE_BYTES));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.PROBLEMS, "reading the running runtime's endpoint failed [" + file + "]: "
          + e.getMessage());
    }
    if (!(document.get("url") instanceof String url) || !(document.get("pid") instanceof Long pid)
        || !(document.get("token") instanceof String token)) {
      throw new CommandFailure(ExitCodes.PROBLEMS, "the running runtime's endpoint file is malformed [" + file
          + "]: expected url, pid and token");
    }
    if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
      return Optional.empty(); // left by a runtime that was killed: its lock went with it
    }
    return Optional.of(new Endpoint(URI.create(url).resolve(CommandHost.PATH), pid, token));
  }

  /**
   * The runtime's answer; empty when its endpoint does not answer or runs no commands. A plain
   * {@link HttpURLConnection}, not the JDK's HttpClient, whose start (its selector thread, TLS
   * defaults) cost the lean client a third of its wall clock (docs/runtime.md).
   */
  static Optional<CommandHost.Result> send(Endpoint endpoint, CommandHost.Request request) {
    Map<String, Object> answer;
    int status;
    try {
      HttpURLConnection post = (HttpURLConnection) endpoint.command().toURL().openConnection(Proxy.NO_PROXY);
      post.setConnectTimeout(CONNECT_TIMEOUT_MS);
      post.setRequestMethod("POST");
      post.setRequestProperty("Authorization", "Bearer " + endpoint.token());
      post.setRequestProperty("Content-Type", "application/json");
      byte[] body = body(request);
      post.setFixedLengthStreamingMode(body.length);
      post.setDoOutput(true);
      try (OutputStream out = post.getOutputStream()) {
        out.write(body);
      }
      status = post.getResponseCode();
      try (InputStream in = status < 400 ? post.getInputStream() : post.getErrorStream()) {
        byte[] bytes = in == null ? new byte[0] : in.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
          throw new CommandFailure(ExitCodes.PROBLEMS, "the running runtime's answer [" + endpoint.command()
              + "] is over " + MAX_ANSWER_BYTES + " bytes: run the command with --standalone");
        }
        answer = bytes.length == 0 ? Map.of() : members(bytes);
      }
    } catch (ConnectException e) {
      return Optional.empty(); // its process is alive but does not serve (yet, or any more)
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.PROBLEMS, "the running runtime's endpoint failed [" + endpoint.command()
          + "]: " + e.getMessage());
    }
    if (status == 503 || status == 404) {
      return Optional.empty(); // a runtime that runs no commands for others
    }
    if (status != 200 || !(answer.get("exitCode") instanceof Long exitCode)) {
      throw new CommandFailure(ExitCodes.PROBLEMS, "the running runtime refused the command [" + endpoint.command()
          + "]: " + (answer.get("error") instanceof String error ? error : "HTTP " + status));
    }
    return Optional.of(new CommandHost.Result(exitCode.intValue(), decode(answer, "out"), decode(answer, "err")));
  }

  /** The request as the endpoint reads it (docs/gateway.md). */
  private static byte[] body(CommandHost.Request request) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeArrayFieldStart("arguments");
      for (String argument : request.arguments()) {
        json.writeString(argument);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("roots");
      for (String root : request.roots()) {
        json.writeString(root);
      }
      json.writeEndArray();
      json.writeStringField("input", Base64.getEncoder().encodeToString(request.input()));
      json.writeBooleanField("terminal", request.terminal());
      json.writeEndObject();
    }
    return bytes.toByteArray();
  }

  /**
   * The members of the JSON object {@code bytes} whose values are strings ({@link String}) or integers
   * ({@link Long}); others are skipped, and a document that is not an object has none. Jackson's streaming
   * parser, not a mapper: the two documents the client reads are flat, and a mapper's start was a sixth of
   * the client's time (docs/runtime.md).
   *
   * @throws IOException when {@code bytes} is not JSON
   */
  private static Map<String, Object> members(byte[] bytes) throws IOException {
    Map<String, Object> members = new HashMap<>();
    try (JsonParser json = JSON.createParser(bytes)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return members;
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        switch (json.nextToken()) {
          case VALUE_STRING -> members.put(name, json.getText());
          case VALUE_NUMBER_INT -> members.put(name, json.getLongValue());
          default -> json.skipChildren();
        }
      }
    }
    return members;
  }

  private static byte[] decode(Map<String, Object> answer, String member) {
    return Base64.getDecoder().decode(answer.get(member) instanceof String text ? text : "");
  }

  /** Writes what the command printed, as it printed it, and returns its exit status. */
  static int print(CommandHost.Result result) {
    write(System.out, result.out());
    write(System.err, result.err());
    return result.exitCode();
  }

  private static void write(PrintStream stream, byte[] bytes) {
    stream.write(bytes, 0, bytes.length);
    stream.flush();
  }
}
