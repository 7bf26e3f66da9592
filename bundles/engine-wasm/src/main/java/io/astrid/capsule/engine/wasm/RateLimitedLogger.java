package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.host.GuestLogRate;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The log a guest writes to ({@code astrid_log}, {@code log_*}, its WASI output): the capsule's log,
 * each line first admitted by the capsule's {@link GuestLogRate} (issue 13, finding 8). One wrapper
 * instead of a check at each host function, so that every way a guest has of logging is held to
 * the rate, and a new one cannot forget it.
 */
final class RateLimitedLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final transient Logger delegate;
  private final transient GuestLogRate rate;
  private final String capsuleId;

  RateLimitedLogger(Logger delegate, GuestLogRate rate, String capsuleId) {
    this.delegate = delegate;
    this.rate = rate;
    this.capsuleId = capsuleId;
    this.name = delegate.getName();
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
      Throwable throwable) {
    if (!rate.admit(capsuleId, delegate::warn)) {
      return;
    }
    LoggingEventBuilder event = delegate.atLevel(level).setMessage(pattern).setCause(throwable);
    if (arguments != null) {
      for (Object argument : arguments) {
        event = event.addArgument(argument);
      }
    }
    event.log();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  public boolean isTraceEnabled() {
    return delegate.isTraceEnabled();
  }

  @Override
  public boolean isDebugEnabled() {
    return delegate.isDebugEnabled();
  }

  @Override
  public boolean isInfoEnabled() {
    return delegate.isInfoEnabled();
  }

  @Override
  public boolean isWarnEnabled() {
    return delegate.isWarnEnabled();
  }

  @Override
  public boolean isErrorEnabled() {
    return delegate.isErrorEnabled();
  }
}
