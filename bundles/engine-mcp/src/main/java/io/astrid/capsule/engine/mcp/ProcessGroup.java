package io.astrid.capsule.engine.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Every process one server started, found and ended together (issue 13, finding 7). The server is
 * started through util-linux {@code setsid}, so it leads a process group of its own whose id is its
 * pid, and it and every process it starts carry {@value #MARKER}{@code =token} in their environment.
 * A member is a process of that group, or one carrying the marker: a daemon that double-forks and
 * calls {@code setsid} leaves the group but keeps its environment. Only a process that both leaves
 * the group and clears its environment escapes (that would take a cgroup).
 *
 * <p>Read from {@code /proc} (Linux). The group is matched only while its id is still this
 * group's: the leader alive with the start time recorded here, or no process with that pid at all
 * (Linux does not reuse a pid while a group of that id has members), so a reused pid is never
 * signalled; the marker is a random token, and signals go through {@link ProcessHandle}, which
 * checks each process's start time before it signals.
 *
 * @param token the random marker value
 * @param pgid the group's id: the leader's pid
 * @param leaderStart the leader's start time, in clock ticks after boot ({@code /proc/PID/stat} field 22)
 * @param bootId the boot it started in ({@code /proc/sys/kernel/random/boot_id}): after a reboot none is left
 */
record ProcessGroup(String token, long pgid, long leaderStart, String bootId) {
  /** The environment variable every member carries. */
  static final String MARKER = "ASTRID_PROCESS_GROUP";

  private static final Path PROC = Path.of("/proc");
  private static final Path URANDOM = Path.of("/dev/urandom");
  private static final Duration POLL = Duration.ofMillis(20);

  /**
   * A new marker value, before the leader starts: 16 bytes of the kernel's random source, read
   * straight from it. A first {@code SecureRandom} in the JVM initializes the security providers
   * first (100-130 ms on the loaded 2-core machine), which delayed the first server's start by as much
   * (issue 18).
   */
  static String newToken() throws IOException {
    try (var random = Files.newInputStream(URANDOM)) {
      return HexFormat.of().formatHex(random.readNBytes(16));
    }
  }

  /** The group that the just started {@code leader} leads. */
  static ProcessGroup of(String token, ProcessHandle leader) throws IOException {
    long start = Stat.read(leader.pid()).map(Stat::startTicks)
        .orElseThrow(() -> new IOException("process [" + leader.pid() + "] ended before it could be recorded"));
    return new ProcessGroup(token, leader.pid(), start, currentBootId());
  }

  /** The running members (zombies are not running: they only wait for their parent). */
  List<ProcessHandle> members() {
    boolean groupIsOurs = Stat.read(pgid).map(leader -> leader.startTicks() == leaderStart).orElse(true);
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> members = new ArrayList<>();
    try (Stream<Path> entries = Files.list(PROC)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
          continue;
        }
        long pid = Long.parseLong(name);
        Optional<Stat> stat = Stat.read(pid);
        if (stat.isPresent() && !stat.get().zombie()
            && ((groupIsOurs && stat.get().pgid() == pgid) || carriesMarker(pid))) {
          ProcessHandle.of(pid).ifPresent(members::add);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list the processes of " + PROC + ": " + e.getMessage(), e);
    }
    return members;
  }

  /**
   * Ends every member: SIGTERM, then SIGKILL to those still running after {@code grace}.
   *
   * @return how many were running when it began
   */
  int end(Duration grace) {
    List<ProcessHandle> running = members();
    if (running.isEmpty()) {
      return 0;
    }
    running.forEach(ProcessHandle::destroy);
    if (!awaitEmpty(grace)) {
      members().forEach(ProcessHandle::destroyForcibly);
      awaitEmpty(grace);
    }
    return running.size();
  }

  /** Whether this group was started in the current boot (else every member is long gone). */
  boolean thisBoot() {
    return bootId.equals(currentBootId());
  }

  /** The group as the ledger keeps it. */
  String toText() {
    return "token=" + token + "\npgid=" + pgid + "\nleader.start.ticks=" + leaderStart + "\nboot.id=" + bootId + "\n";
  }

  /** Reads what {@link #toText} wrote. */
  static ProcessGroup parse(String text) throws IOException {
    Properties properties = new Properties();
    properties.load(new java.io.StringReader(text));
    try {
      return new ProcessGroup(required(properties, "token"), Long.parseLong(required(properties, "pgid")),
          Long.parseLong(required(properties, "leader.start.ticks")), required(properties, "boot.id"));
    } catch (NumberFormatException e) {
      throw new IOException("a number is malformed: " + e.getMessage(), e);
    }
  }

  private static String required(Properties properties, String key) throws IOException {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IOException("key [" + key + "] is missing");
    }
    return value;
  }

  /** Waits until no member runs; polling, since nothing announces the end of a process that is not our child. */
  private boolean awaitEmpty(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!members().isEmpty()) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private boolean carriesMarker(long pid) {
    byte[] environment;
    try {
      environment = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
    } catch (IOException e) {
      return false; // gone, or another user's process: not ours either way
    }
    byte[] wanted = (MARKER + "=" + token).getBytes(StandardCharsets.UTF_8);
    int start = 0;
    for (int i = 0; i <= environment.length; i++) {
      if (i == environment.length || environment[i] == 0) {
        if (java.util.Arrays.equals(environment, start, i, wanted, 0, wanted.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  private static String currentBootId() {
    try {
      return Files.readString(PROC.resolve("sys/kernel/random/boot_id")).strip();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the boot id: " + e.getMessage(), e);
    }
  }

  /** The fields of {@code /proc/PID/stat} used here. */
  record Stat(long pgid, long startTicks, boolean zombie) {
    /** The process's fields, or empty when it is gone. */
    static Optional<Stat> read(long pid) {
      String line;
      try {
        line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      } catch (IOException e) {
        return Optional.empty();
      }
      // "pid (comm) state ppid pgrp session ... starttime(22) ...": comm may hold spaces and parentheses.
      String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
      return Optional.of(new Stat(Long.parseLong(fields[2]), Long.parseLong(fields[19]), fields[0].equals("Z")));
    }
  }
}
