package io.astrid.capsule.launcher;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capsule logs [ID] [-f]}: the runtime's log file in the state directory, all of it or one
 * capsule's entries, and with {@code -f} what is written to it from then on, across roll-overs. It
 * reads files only: it runs beside a {@code capsule run} that writes them.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
        "Prints the runtime's log file, or only what one capsule logged.",
        "The file is logs/runtime.log in the state directory, after its rolled files (oldest first); with ID, only",
        "the entries of that capsule (its WebAssembly guest's log, its MCP servers' stderr and messages)."})
final class LogsCommand implements Callable<Integer> {
  /** How often a followed file is looked at when no change event comes (file systems that send none). */
  static final long FOLLOW_POLL_MS = 1000;

  @Spec
  private CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "ID", description = "a capsule's name: only its entries")
  private String capsuleId;

  @Option(names = {"-f", "--follow"}, description = "keep printing entries as they are written, until Ctrl-C")
  private boolean follow;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Path directory = LogOptions.directory();
    LogFile log = new LogFile(directory, capsuleId);
    List<Path> files = log.files();
    if (files.isEmpty() && !follow) {
      spec.commandLine().getErr().println("capsule logs: no log file in [" + directory + "]: no runtime has"
          + " written one yet");
      return 1;
    }
    long position = 0;
    for (Path file : files) {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        long read = log.copy(in, out::println, !follow);
        position = file.equals(log.current()) ? read : 0;
      }
    }
    out.flush();
    if (follow) {
      follow(log, directory, position, out);
    }
    return 0;
  }

  /** From {@code position} of the current file on; a file shorter than that was rolled over: from its start. */
  private static void follow(LogFile log, Path directory, long position, PrintWriter out)
      throws IOException, InterruptedException {
    Files.createDirectories(directory);
    try (WatchService watcher = directory.getFileSystem().newWatchService()) {
      directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      while (true) {
        position = readFrom(log, position, out);
        var key = watcher.poll(FOLLOW_POLL_MS, TimeUnit.MILLISECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    } catch (ClosedWatchServiceException e) {
      // The JVM is shutting down (Ctrl-C).
    }
  }

  private static long readFrom(LogFile log, long position, PrintWriter out) throws IOException {
    if (!Files.isRegularFile(log.current())) {
      return 0;
    }
    try (FileChannel channel = FileChannel.open(log.current(), StandardOpenOption.READ)) {
      long start = channel.size() < position ? 0 : position;
      channel.position(start);
      long read = log.copy(new BufferedInputStream(Channels.newInputStream(channel)), out::println, false);
      out.flush();
      return start + read;
    }
  }
}
