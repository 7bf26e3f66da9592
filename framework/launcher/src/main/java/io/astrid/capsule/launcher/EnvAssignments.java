package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --env NAME=VALUE} and {@code --env-file FILE} ({@code NAME=VALUE} lines; blank lines and
 * {@code #} comments skipped), the one parser of both; a flag wins over the file. Errors name the
 * flag or the file and line, never the value, which may be a secret.
 */
final class EnvAssignments {
  /** The largest env file read: 1 MiB. */
  static final long MAX_FILE_BYTES = 1 << 20;

  private EnvAssignments() {}

  static Map<String, String> parse(List<String> flags, Optional<Path> file) {
    Map<String, String> values = new LinkedHashMap<>();
    if (file.isPresent()) {
      List<String> lines = read(file.get());
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          put(values, line, "--env-file [" + file.get() + "]:" + (i + 1));
        }
      }
    }
    for (String flag : flags) {
      put(values, flag, "--env [" + flag.substring(0, Math.max(0, flag.indexOf('='))) + "]");
    }
    return values;
  }

  private static void put(Map<String, String> values, String assignment, String where) {
    int equals = assignment.indexOf('=');
    if (equals < 1) {
      throw new CapsuleException(where + ": expected NAME=VALUE");
    }
    values.put(assignment.substring(0, equals).strip(), assignment.substring(equals + 1));
  }

  private static List<String> read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new CapsuleException("--env-file [" + file + "]: larger than " + MAX_FILE_BYTES + " bytes");
      }
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CapsuleException("--env-file [" + file + "] cannot be read: " + e.getMessage(), e);
    }
  }
}
