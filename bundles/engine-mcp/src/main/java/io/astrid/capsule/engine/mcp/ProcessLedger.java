package io.astrid.capsule.engine.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * The process groups of running servers, one file each in a directory of the state directory, so
 * that what a runtime killed by SIGKILL left running is found and ended by the next one (issue 13,
 * finding 7). A file is written before the server is asked anything and removed once its group is
 * ended. One runtime owns a state directory at a time, so every file found at start is a leftover.
 *
 * <p>A record is renamed into place whole but not synced to the disk: it must outlive the runtime,
 * not the machine. What a killed process wrote stays in the kernel's page cache and is read by the
 * next runtime; a crash of the machine ends every recorded process with it, and a record that
 * survives into the next boot is only removed (its boot id tells). A sync bought nothing for that
 * guarantee and cost each server start up to tens of milliseconds on a busy disk (issue 18).
 */
final class ProcessLedger {
  static final String SUFFIX = ".group";

  private final Path directory;

  ProcessLedger(Path directory) {
    this.directory = directory;
  }

  Path directory() {
    return directory;
  }

  /** Records {@code group}, started for {@code owner}. */
  void record(ProcessGroup group, String owner) throws IOException {
    Files.createDirectories(directory);
    Path file = file(group);
    Path partial = directory.resolve(group.token() + ".partial");
    Files.writeString(partial, "# " + owner.replace('\n', ' ') + "\n" + group.toText());
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Forgets {@code group} (its members were ended). */
  void forget(ProcessGroup group) {
    try {
      Files.deleteIfExists(file(group));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove [" + file(group) + "]: " + e.getMessage(), e);
    }
  }

  /**
   * Ends the members of every group recorded by a runtime that did not stop them, and forgets them.
   *
   * @return how many processes were ended
   */
  int endLeftovers(Duration grace, Logger log) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    int ended = 0;
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
          Files.deleteIfExists(file); // a record whose writing was cut short: its server was never asked anything
          continue;
        }
        String text;
        try {
          text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
          continue; // forgotten meanwhile: its group was ended
        }
        ProcessGroup group;
        try {
          group = ProcessGroup.parse(text);
        } catch (IOException e) {
          log.warn("ignoring the process record [{}]: {}", file, e.getMessage());
          Files.deleteIfExists(file);
          continue;
        }
        if (group.thisBoot()) {
          int count = group.end(grace);
          if (count > 0) {
            log.warn("ended {} processes of process group {} left running by a previous runtime ({})", count,
                group.pgid(), text.lines().findFirst().orElse("# ?").substring(2));
          }
          ended += count;
        }
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the process records in [" + directory + "]: " + e.getMessage(), e);
    }
    return ended;
  }

  private Path file(ProcessGroup group) {
    return directory.resolve(group.token() + SUFFIX);
  }
}
