package io.astrid.capsule.api.manifest;

import java.util.Arrays;
import java.util.Optional;

/** The {@code type} of an {@code [env.NAME]} variable. */
public enum EnvType {
  /** A credential: elicited without echo, stored as a secret, never logged. */
  SECRET,
  /** Free text. */
  STRING,
  /** An integer or decimal number. */
  NUMBER,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /**
   * A file or directory in the workspace, written relative to it ({@code knowledge-graph.jsonl},
   * {@code data/graph.jsonl}): never absolute, never leading out with {@code ..}. The capsule gets it
   * resolved against the workspace, as an absolute path, so that what a capsule keeps lives with the
   * user's work whatever directory its server runs in.
   */
  PATH;

  /** The spelling in {@code Capsule.toml}: {@code secret}, {@code string}, ... */
  public String manifestName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Whether {@code text} is a value of this type: a number is an integer or a finite decimal, a
   * boolean is {@code true} or {@code false}, a path is relative and stays inside the directory it
   * is resolved against; secrets and strings take any text.
   */
  public boolean accepts(String text) {
    return switch (this) {
      case SECRET, STRING -> true;
      case NUMBER -> NUMBER_TEXT.matcher(text).matches();
      case BOOLEAN -> text.equals("true") || text.equals("false");
      case PATH -> insideWorkspace(text);
    };
  }

  /** What a value of this type must be, for messages: {@code a boolean (true or false)}... */
  public String expectation() {
    return switch (this) {
      case SECRET, STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean (true or false)";
      case PATH -> "a path relative to the workspace, not leaving it";
    };
  }

  private static boolean insideWorkspace(String text) {
    try {
      java.nio.file.Path path = java.nio.file.Path.of(text);
      return !text.isBlank() && !path.isAbsolute() && !path.normalize().startsWith("..")
          && !path.normalize().toString().isEmpty();
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  private static final java.util.regex.Pattern NUMBER_TEXT =
      java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  /** The type spelled {@code name} in a manifest, if there is one. */
  public static Optional<EnvType> fromManifestName(String name) {
    return Arrays.stream(values()).filter(t -> t.manifestName().equals(name)).findFirst();
  }
}
