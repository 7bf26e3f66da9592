package io.astrid.capsule.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime's rolling log file as {@code capsule logs} reads it: {@code runtime.log.N} ...
 * {@code runtime.log.1}, then {@code runtime.log}, entry by entry (a line with the file pattern's
 * time, level and logger, and the lines after it that have none, such as a stack trace), optionally
 * only the entries of one capsule. Lines are cut at {@value #MAX_LINE_BYTES} bytes, so a file
 * written by something else cannot make the reader hold more.
 */
final class LogFile {
  static final String NAME = "runtime.log";
  static final int MAX_LINE_BYTES = 64 * 1024;

  /** The file appender's pattern: {@code 2026-12-04T03:33:23.123+00:00 INFO capsule.notes - text}. */
  private static final Pattern ENTRY = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+ [A-Z]+ (\\S+) - ");

  private final Path directory;
  private final String capsulePrefix; // null: every entry
  private boolean selected; // whether the entry being read is shown: its continuation lines follow it

  /** @param capsuleId the capsule whose entries are wanted, or null for all */
  LogFile(Path directory, String capsuleId) {
    this.directory = directory;
    this.capsulePrefix = capsuleId == null ? null : io.astrid.capsule.api.host.GuestLogRate.loggerName(capsuleId);
    this.selected = capsuleId == null;
  }

  Path current() {
    return directory.resolve(NAME);
  }

  /** The files in the order they were written: the rolled ones (highest number first), then the current one. */
  List<Path> files() {
    List<Path> files = new ArrayList<>();
    for (int i = 20; i >= 1; i--) {
      Path rolled = directory.resolve(NAME + "." + i);
      if (Files.isRegularFile(rolled)) {
        files.add(rolled);
      }
    }
    if (Files.isRegularFile(current())) {
      files.add(current());
    }
    return files;
  }

  /**
   * Sends the selected lines of {@code in}, from its current position to its end, to {@code out}; returns
   * the bytes consumed. A last line without its line feed is left for the next call (a line being written).
   */
  long copy(InputStream in, Consumer<String> out, boolean partialLastLine) throws IOException {
    long consumed = 0;
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int cut = 0;
    long pending = 0;
    for (int b = in.read(); b != -1; b = in.read()) {
      pending++;
      if (b != '\n') {
        if (line.size() < MAX_LINE_BYTES) {
          line.write(b);
        } else {
          cut++;
        }
        continue;
      }
      emit(line.toString(StandardCharsets.UTF_8) + (cut > 0 ? "... [" + cut + " bytes cut]" : ""), out);
      consumed += pending;
      pending = 0;
      line.reset();
      cut = 0;
    }
    if (line.size() > 0 && partialLastLine) {
      emit(line.toString(StandardCharsets.UTF_8), out);
      consumed += pending;
    }
    return consumed;
  }

  private void emit(String line, Consumer<String> out) {
    if (capsulePrefix != null) {
      Matcher entry = ENTRY.matcher(line);
      if (entry.find()) {
        String logger = entry.group(1);
        selected = logger.equals(capsulePrefix) || logger.startsWith(capsulePrefix + ".");
      }
    }
    if (selected) {
      out.accept(line);
    }
  }
}
