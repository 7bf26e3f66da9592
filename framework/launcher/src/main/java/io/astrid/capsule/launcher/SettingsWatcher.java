package io.astrid.capsule.launcher;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the settings directories and hands the settings read after each change to a consumer, on a
 * thread of its own, until closed. A directory that does not exist yet is watched through its nearest
 * existing ancestor and taken up when it appears.
 *
 * <p>The race between the components' first activation and a change of the files is closed by order,
 * not by luck: the directories are watched from construction, before the settings are first read and
 * applied; a change after that watch began is then either already in the first reading or reported
 * as an event, and every event leads to a full new reading (applied only where it differs). No
 * change can fall between the two.
 */
final class SettingsWatcher implements AutoCloseable {
  /** After one event, further events within this time are taken as the same edit (an editor's several writes). */
  static final Duration QUIET = Duration.ofMillis(100);

  private static final Logger LOG = LoggerFactory.getLogger(SettingsWatcher.class);

  private final List<Settings.Layer> layers;
  private final WatchService watcher;
  private final Set<Path> watched = new HashSet<>();
  private Thread thread;

  /** Starts watching {@code layers} at once; changes are delivered from {@link #start}. */
  SettingsWatcher(List<Settings.Layer> layers) {
    this.layers = List.copyOf(layers);
    try {
      this.watcher = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      throw new IllegalStateException("cannot watch the settings directories: " + e.getMessage(), e);
    }
    register();
  }

  /** From now on, {@code onChange} gets the settings read after each change. */
  synchronized void start(Consumer<Settings> onChange) {
    thread = Thread.ofPlatform().daemon().name("capsule-settings").start(() -> run(onChange));
  }

  private void run(Consumer<Settings> onChange) {
    try {
      while (true) {
        drain(watcher.take());
        for (WatchKey more = watcher.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS); more != null;
            more = watcher.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)) {
          drain(more);
        }
        register();
        try {
          onChange.accept(Settings.read(layers));
        } catch (RuntimeException e) {
          // A file half written or unreadable: the settings applied stay until the next change.
          LOG.warn("settings not applied: {}", e.getMessage());
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  /**
   * Each layer's directory when it exists, else its nearest existing ancestor, to see the path created
   * (a workspace's {@code .astrid/conf} made with {@code mkdir -p}); called again after every change,
   * before the settings are read, so that a directory created meanwhile is either watched or read.
   */
  private synchronized void register() {
    for (Settings.Layer layer : layers) {
      Path target = layer.directory().toAbsolutePath();
      while (target != null && !Files.isDirectory(target)) {
        target = target.getParent();
      }
      if (target == null || watched.contains(target)) {
        continue;
      }
      try {
        target.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
        watched.add(target);
      } catch (IOException e) {
        LOG.warn("cannot watch settings directory [{}]: {}", target, e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.debug("closing the settings watcher: {}", e.getMessage());
    }
    Thread running;
    synchronized (this) {
      running = thread;
    }
    if (running != null) {
      try {
        running.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
