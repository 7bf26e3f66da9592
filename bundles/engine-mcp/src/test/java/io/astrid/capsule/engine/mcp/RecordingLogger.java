package io.astrid.capsule.engine.mcp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Keeps what is logged as "LEVEL message"; throws when a message starts with {@code failOn}. */
final class RecordingLogger extends LegacyAbstractLogger {
  final List<String> lines = new CopyOnWriteArrayList<>();
  volatile String failOn;

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
      Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    if (failOn != null && message.startsWith(failOn)) {
      throw new IllegalStateException("the log is broken");
    }
    lines.add(level + " " + message);
    synchronized (this) {
      notifyAll();
    }
  }

  /** Waits until at least {@code count} lines were logged; false after {@code timeout}. */
  synchronized boolean awaitLines(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lines.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  @Override
  public boolean isTraceEnabled() {
    return false;
  }

  @Override
  public boolean isDebugEnabled() {
    return false;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }
}
