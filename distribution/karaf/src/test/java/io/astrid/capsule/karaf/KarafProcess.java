package io.astrid.capsule.karaf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Our Karaf assembly as a user runs it: the tar.gz unpacked into a directory, {@code bin/karaf daemon} started
 * as a process (the script execs the JVM, so this process is Karaf's JVM), commands sent through
 * {@code bin/client -b}, as an operator's scripts do. {@link #close} stops it, forcibly after 30 s.
 */
final class KarafProcess implements AutoCloseable {
  private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

  private final Path home;
  private final int sshPort;
  private final int gatewayPort;
  private final Process karaf;

  private KarafProcess(Path home, int sshPort, int gatewayPort, Process karaf) {
    this.home = home;
    this.sshPort = sshPort;
    this.gatewayPort = gatewayPort;
    this.karaf = karaf;
  }

  /** Unpacks {@code archive} into {@code directory} and starts it with free ports (SSH, JMX, gateway), a test user. */
  static KarafProcess start(Path archive, Path directory, String rootsConfiguration) throws IOException,
      InterruptedException {
    return start(archive, directory, rootsConfiguration, "");
  }

  /** As {@link #start(Path, Path, String)}, with JVM options added through Karaf's {@code EXTRA_JAVA_OPTS}. */
  static KarafProcess start(Path archive, Path directory, String rootsConfiguration, String extraJavaOptions)
      throws IOException, InterruptedException {
    run(List.of("tar", "-xzf", archive.toString(), "-C", directory.toString()), directory);
    Path home;
    try (var entries = Files.list(directory)) {
      home = entries.filter(p -> p.getFileName().toString().startsWith("astrid-capsule-karaf-")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no astrid-capsule-karaf-* in [" + archive + "]"));
    }
    int sshPort = freePort();
    edit(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(sshPort));
    edit(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", Integer.toString(freePort()));
    edit(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", Integer.toString(freePort()));
    int gatewayPort = freePort();
    edit(home.resolve("etc/io.astrid.capsule.gateway.cfg"), "gateway.http.port", Integer.toString(gatewayPort));
    Files.writeString(home.resolve("etc/users.properties"), "\ntester = secret,_g_:admingroup\n"
        + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n", StandardOpenOption.APPEND);
    Files.writeString(home.resolve("etc/io.astrid.capsule.roots.cfg"), rootsConfiguration);
    ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "daemon")
        .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("console.txt").toFile());
    builder.environment().put("JAVA_HOME", JAVA_HOME.toString());
    builder.environment().put("EXTRA_JAVA_OPTS", extraJavaOptions);
    return new KarafProcess(home, sshPort, gatewayPort, builder.start());
  }

  Path home() {
    return home;
  }

  /** The MCP gateway's port (etc/io.astrid.capsule.gateway.cfg), free when Karaf started. */
  int gatewayPort() {
    return gatewayPort;
  }

  /** Runs shell commands through {@code bin/client -b} and returns what they printed (the client's warnings cut). */
  String shell(String commands) throws IOException, InterruptedException {
    return client(commands).output();
  }

  /** What {@code bin/client -b} printed (its warnings cut) and its exit status. */
  record Client(String output, int exit) {}

  /** Runs shell commands through {@code bin/client -b}, as {@link #shell}, and returns its exit status too. */
  Client client(String commands) throws IOException, InterruptedException {
    ProcessBuilder client = new ProcessBuilder(home.resolve("bin/client").toString(), "-a",
        Integer.toString(sshPort), "-u", "tester", "-p", "secret", "-r", "1", "-b")
        .directory(home.toFile()).redirectErrorStream(true);
    client.environment().put("JAVA_HOME", JAVA_HOME.toString());
    Process process = client.start();
    try {
      process.getOutputStream().write((commands + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("bin/client [" + commands + "] did not end in 60 s");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Client(output.lines().filter(line -> !line.startsWith("WARNING:")).map(line -> line + "\n")
          .reduce("", String::concat).replaceAll("\u001b\\[[0-9;]*m", ""), process.exitValue());
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * Types {@code keys} into an interactive console of {@code bin/client} on a pseudo-terminal (util-linux
   * {@code script}), as an operator at a terminal types them, Tab ({@code \t}) and Enter ({@code \r}) included, and
   * returns what the terminal showed once the session ended (end the keys with {@code logout\r}), colours and
   * cursor movements cut. Unlike {@code -b}, this console completes: JLine reads the keys in order as they come.
   */
  String console(String keys) throws IOException, InterruptedException {
    String client = String.join(" ", home.resolve("bin/client").toString(), "-a", Integer.toString(sshPort), "-u",
        "tester", "-p", "secret", "-r", "1");
    ProcessBuilder terminal = new ProcessBuilder("script", "-qec", client, "/dev/null").directory(home.toFile())
        .redirectErrorStream(true);
    terminal.environment().put("JAVA_HOME", JAVA_HOME.toString());
    Process process = terminal.start();
    try {
      process.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("bin/client on a terminal [" + keys + "] did not end in 60 s");
      }
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
          .replaceAll("\u001b\\[[0-9;?]*[A-Za-z]|\u001b[=>]|[\\r\\x00\\x08]", "");
    } finally {
      process.destroyForcibly();
    }
  }

  /** Sends {@code commands} until their output satisfies {@code done}; the last output, or a failure at the timeout. */
  String shellUntil(String commands, Predicate<String> done, Duration timeout) throws IOException,
      InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    String output = "";
    while (System.nanoTime() < end) {
      if (!karaf.isAlive()) {
        throw new IllegalStateException("Karaf exited with " + karaf.exitValue() + ": " + console());
      }
      output = shell(commands);
      if (done.test(output)) {
        return output;
      }
      // Each attempt is a client JVM connecting over SSH (about 1.5 s): that is the pace of this loop.
    }
    throw new AssertionError("after " + timeout.toSeconds() + " s, [" + commands + "] printed:\n" + output
        + "\nKaraf's console:\n" + console());
  }

  /** The Karaf JVM's threads now (bin/karaf execs the JVM: this process is it). */
  long threads() throws IOException {
    try (var tasks = Files.list(Path.of("/proc", Long.toString(karaf.pid()), "task"))) {
      return tasks.count();
    }
  }

  /** Processes started by Karaf (at any depth) whose command line holds {@code text}. */
  long descendants(String text) {
    return karaf.descendants().filter(p -> p.info().commandLine().orElse("").contains(text)).count();
  }

  /**
   * The live class loaders of bundle revisions, after a full GC ({@code jcmd VM.classloaders}): an updated
   * bundle's old revision must not keep one.
   */
  long bundleClassLoaders() throws IOException, InterruptedException {
    jcmd("GC.run");
    // fold=false: one line per loader (by default loaders of one class and name are shown as one).
    return jcmd("VM.classloaders", "fold=false").lines().filter(line -> line.contains("BundleClassLoader")).count();
  }

  private String jcmd(String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of(JAVA_HOME.resolve("bin/jcmd").toString(),
        Long.toString(karaf.pid())));
    line.addAll(List.of(command));
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      jcmd.destroyForcibly();
      throw new IllegalStateException("jcmd " + line + " failed: " + output);
    }
    return output;
  }

  /** Waits until {@code condition} holds, checking every second; fails with {@code state} at the timeout. */
  void until(Condition condition, Duration timeout, Description state) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("after " + timeout.toSeconds() + " s: " + state.describe());
      }
      // Process lists, thread counts and a GC have no event to wait on: they are polled.
      karaf.waitFor(1, TimeUnit.SECONDS);
    }
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  interface Description {
    String describe() throws Exception;
  }

  /** Copies a directory tree (a capsule into a root). */
  static void copy(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  /** Stops {@code karaf} if it started, then deletes {@code directory}: a test class's cleanup, however it ended. */
  static void stop(KarafProcess karaf, Path directory) throws IOException, InterruptedException {
    try {
      if (karaf != null) {
        karaf.close();
      }
    } finally {
      delete(directory);
    }
  }

  private static void delete(Path root) throws IOException {
    if (root == null) {
      return;
    }
    try (var files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    }
  }

  String console() throws IOException {
    return Files.readString(home.resolve("console.txt"), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    karaf.destroy(); // SIGTERM: Karaf's shutdown hook stops the framework, capsules and their processes
    if (!karaf.waitFor(30, TimeUnit.SECONDS)) {
      karaf.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void edit(Path file, String key, String value) throws IOException {
    List<String> lines = Files.readAllLines(file).stream()
        .map(line -> line.matches("\\s*" + key + "\\s*=.*") ? key + " = " + value : line).toList();
    Files.write(file, lines);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void run(List<String> command, Path directory) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new UncheckedIOException(new IOException(command + " failed"));
    }
  }
}
