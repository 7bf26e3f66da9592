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
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The client of a running runtime's command endpoint ({@link CommandHost#PATH}, docs/gateway.md): a
 * one-shot command (those of {@link #COMMANDS}) finds the runtime
 * that {@code capsule run} serves through {@code gateway.json} in the state directory and runs
 * there, instead of starting a runtime of its own that the state directory's lock would refuse. This
 * path touches no OSGi class: the framework is never started, which is what makes it fast.
 *
 * <p>A command that asks its user (consent and values at {@code install}) asks here, at this process's
 * terminal, and sends the command again with the answers: the runtime never reads a terminal of its
 * own for it.
 *
 * <p>{@code gateway.json} left by a runtime that was killed is not trusted: its process must be
 * alive and its endpoint must answer, else the command runs on its own as before.
 */
final class RemoteRuntime {
  /** The commands that run in the running runtime: those with {@code --standalone}; bin/capsule lists them too. */
  static final String COMMANDS = "call, tools, inspect, invoke, llm, command, install, update, remove, env and uplink";
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
    CapsuleSubcommand command = leaf.get().commandSpec().commandLine().getCommand();
    return runThere(StateDirectory.resolve(null, System.getProperty(StateDirectory.PROPERTY)), parsed.originalArgs(),
        command::searchedRoots, command::standardInput, command.outputIsTerminal());
  }

  /**
   * The command line {@code arguments} run in the runtime serving {@code stateDirectory}: its exit status,
   * after printing what it printed; empty when no runtime serves there, or when {@code roots} fails (a root
   * that is no root: the command, run here, says so as it always does). The one request of both clients,
   * the whole runtime's ({@link #execute}) and the lean one ({@link ClientMain}); {@code input} is read
   * only when an argument is {@code -}, and only once the running runtime was found.
   */
  static Optional<Integer> runThere(Path stateDirectory, List<String> arguments, Supplier<List<CapsuleRoot>> roots,
      Supplier<byte[]> input, boolean terminal) {
    Optional<Endpoint> endpoint = find(stateDirectory);
    if (endpoint.isEmpty()) {
      return Optional.empty();
    }
    List<String> searched;
    try {
      searched = paths(roots.get());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    byte[] read = arguments.contains("-") ? input.get() : new byte[0];
    String workingDirectory = Path.of("").toAbsolutePath().toString();
    return converse(endpoint.get(), answers -> new CommandHost.Request(arguments, searched, read, terminal,
        workingDirectory, answers.given(), answers.ended()));
  }

  /** The answers given so far to the questions of a command, and whether the user's input has ended. */
  record Answers(List<String> given, boolean ended) {}

  /**
   * Sends the command, and again with each answer while it asks its user (at this terminal); prints what
   * it printed and returns its exit status. Empty when the runtime does not run commands for others.
   */
  static Optional<Integer> converse(Endpoint endpoint, Function<Answers, CommandHost.Request> request) {
    List<String> given = new ArrayList<>();
    boolean ended = false;
    int printed = 0;
    InstallConsole console = null;
    while (true) {
      Optional<CommandHost.Result> answer = send(endpoint, request.apply(new Answers(given, ended)));
      if (answer.isEmpty() || answer.get().question().isEmpty()) {
        int from = printed;
        return answer.map(result -> print(result, from));
      }
      CommandHost.Result result = answer.get();
      if (ended) {
        throw new CommandFailure(ExitCodes.PROBLEMS, "the running runtime asked again after the input ended ["
            + endpoint.command() + "]: " + result.question().get().prompt());
      }
      // Only the new part: the command ran again from its start and printed what it printed before first.
      write(System.out, after(result.out(), printed));
      printed = Math.max(printed, result.out().length);
      console = console != null ? console : SystemConsole.open(new PrintWriter(System.out, true,
          StandardCharsets.UTF_8));
      CommandHost.Question question = result.question().get();
      Optional<String> typed = question.secret() ? console.askSecret(question.prompt())
          : console.ask(question.prompt());
      typed.ifPresent(given::add);
      ended = typed.isEmpty();
    }
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
    Optional<CommandHost.Question> question = answer.get("question") instanceof Map<?, ?> asked
        ? Optional.of(new CommandHost.Question(asked.get("prompt") instanceof String prompt ? prompt : "",
            Boolean.TRUE.equals(asked.get("secret"))))
        : Optional.empty();
    return Optional.of(new CommandHost.Result(exitCode.intValue(), decode(answer, "out"), decode(answer, "err"),
        question));
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
      json.writeStringField("workingDirectory", request.workingDirectory());
      json.writeArrayFieldStart("answers");
      for (String answer : request.answers()) {
        json.writeString(answer);
      }
      json.writeEndArray();
      json.writeBooleanField("answersEnded", request.answersEnded());
      json.writeEndObject();
    }
    return bytes.toByteArray();
  }

  /**
   * The members of the JSON object {@code bytes} whose values are strings ({@link String}), integers
   * ({@link Long}), booleans ({@link Boolean}) or such objects ({@link Map}); others are skipped, and a
   * document that is not an object has none. Jackson's streaming parser, not a mapper: the documents the
   * client reads are small and nearly flat, and a mapper's start was a sixth of the client's time
   * (docs/runtime.md).
   *
   * @throws IOException when {@code bytes} is not JSON
   */
  private static Map<String, Object> members(byte[] bytes) throws IOException {
    try (JsonParser json = JSON.createParser(bytes)) {
      return json.nextToken() == JsonToken.START_OBJECT ? object(json) : Map.of();
    }
  }

  /** The members of the object whose start {@code json} has just read, up to and including its end. */
  private static Map<String, Object> object(JsonParser json) throws IOException {
    Map<String, Object> members = new HashMap<>();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      switch (json.nextToken()) {
        case VALUE_STRING -> members.put(name, json.getText());
        case VALUE_NUMBER_INT -> members.put(name, json.getLongValue());
        case VALUE_TRUE, VALUE_FALSE -> members.put(name, json.getBooleanValue());
        case START_OBJECT -> members.put(name, object(json));
        default -> json.skipChildren();
      }
    }
    return members;
  }

  private static byte[] decode(Map<String, Object> answer, String member) {
    return Base64.getDecoder().decode(answer.get(member) instanceof String text ? text : "");
  }

  /**
   * Writes what the command printed, as it printed it, less the first {@code printed} bytes of its output
   * (shown before its questions), and returns its exit status.
   */
  private static int print(CommandHost.Result result, int printed) {
    write(System.out, after(result.out(), printed));
    write(System.err, result.err());
    return result.exitCode();
  }

  /** {@code out} less its first {@code printed} bytes: what a command printed since its last question. */
  private static byte[] after(byte[] out, int printed) {
    return Arrays.copyOfRange(out, Math.min(printed, out.length), out.length);
  }

  private static void write(PrintStream stream, byte[] bytes) {
    stream.write(bytes, 0, bytes.length);
    stream.flush();
  }
}
