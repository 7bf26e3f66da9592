package io.astrid.capsule.security;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.core.internal.host.MvStoreKeyValueStore;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The child process of {@link Issue13Finding2Test}: writes keys from a few threads until it is
 * killed, and appends each key as a line to ACKNOWLEDGED once its write has returned (been
 * acknowledged), after printing {@code ready} to stdout once its store is open. Arguments:
 * {@code kv|answers FILE ROUND ACKNOWLEDGED}. A file rather than stdout keeps the record exact: the JDK
 * drains a dead child's pipe into a buffer of its own while the parent may be reading it.
 */
public final class AcknowledgingWriter {
  private static final int THREADS = 4;

  private AcknowledgingWriter() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    String round = args[2];
    PrintStream out = new PrintStream(new FileOutputStream(args[3], true), true, StandardCharsets.UTF_8);
    switch (args[0]) {
      case "kv" -> {
        MvStoreKeyValueStore kv = new MvStoreKeyValueStore(file, Long.MAX_VALUE, Long.MAX_VALUE);
        write(round, out, key -> kv.put(Issue13Finding2Test.CAPSULE, key, key.getBytes(StandardCharsets.UTF_8)));
      }
      case "answers" -> {
        PersistentAnswers answers = new PersistentAnswers(file);
        write(round, out, key -> answers.put(Issue13Finding2Test.approvalKey(key), ApprovalAnswer.ALWAYS));
      }
      default -> throw new IllegalArgumentException("unknown store: " + args[0]);
    }
  }

  private static void write(String round, PrintStream out, Consumer<String> put) throws InterruptedException {
    System.out.println("ready");
    System.out.flush();
    Thread[] writers = new Thread[THREADS];
    for (int t = 0; t < THREADS; t++) {
      String prefix = "r" + round + "-t" + t + "-";
      writers[t] = Thread.ofPlatform().start(() -> {
        for (long i = 0; ; i++) {
          String key = prefix + i;
          put.accept(key);
          out.println(key);
        }
      });
    }
    for (Thread writer : writers) {
      writer.join();
    }
  }
}
