package io.astrid.capsule.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit status of every {@code capsule} command: one meaning per code, listed in {@code capsule --help}
 * and docs/cli.md. {@code ./capsule} and {@code bin/capsule} are shell scripts and write 5 and 6 by number;
 * a test holds them to these constants.
 */
final class ExitCodes {
  /** Success; warnings and shadowed duplicates alone do not change it. */
  static final int OK = 0;
  /** Problems were found: invalid manifests, missing or unreadable paths, unknown capsules or tools. */
  static final int PROBLEMS = 1;
  /** Usage error: an unknown command or option, a missing or malformed argument. */
  static final int USAGE = 2;
  /** A capsule or tool failed: the capsule asked about is not READY, a tool returned an error. */
  static final int FAILED = 3;
  /** The state directory is in use by another runtime and {@code --wait} expired. */
  static final int BUSY = 4;
  /** {@code ./capsule} could not build the runtime from source. */
  static final int BUILD_FAILED = 5;
  /** The runtime could not start: no Java 25, or the container or one of its services did not come up. */
  static final int CONTAINER_FAILED = 6;
  /** Interrupted (SIGINT, Ctrl-C): 128 + 2, as shells report it. */
  static final int INTERRUPTED = 130;
  /**
   * Never seen by users: bin/capsule's lean client JVM ({@link ClientMain}) found no
   * running runtime to run the command in, and the script starts the whole runtime with the same arguments.
   */
  static final int NO_RUNNING_RUNTIME = 100;

  /** The help's "Exit status" section, code to meaning, in picocli's form for {@code exitCodeList}. */
  static Map<String, String> help() {
    Map<String, String> meanings = new LinkedHashMap<>();
    meanings.put(OK + "", "success");
    meanings.put(PROBLEMS + "", "problems found (invalid manifests, missing paths, unknown capsules or tools)");
    meanings.put(USAGE + "", "usage error");
    meanings.put(FAILED + "", "a capsule or tool failed (the capsule asked about is not READY, a tool returned an"
        + " error)");
    meanings.put(BUSY + "", "the state directory is in use by another runtime (see --wait)");
    meanings.put(BUILD_FAILED + "", "./capsule could not build the runtime");
    meanings.put(CONTAINER_FAILED + "", "the runtime could not start (no Java 25, or the OSGi container)");
    meanings.put(INTERRUPTED + "", "interrupted (Ctrl-C)");
    return meanings;
  }

  private ExitCodes() {}
}
