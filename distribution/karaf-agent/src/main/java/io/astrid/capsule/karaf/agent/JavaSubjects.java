package io.astrid.capsule.karaf.agent;

import java.security.AccessControlContext;
import java.security.Permission;
import java.security.PrivilegedAction;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.concurrent.CompletionException;
import javax.security.auth.Subject;
import javax.security.auth.SubjectDomainCombiner;

/**
 * What rewritten calls of {@code Subject.getSubject(AccessControlContext)} and
 * {@code AccessController.doPrivileged(action, AccessControlContext)} run instead. On Java 24+ the first
 * always throws {@code UnsupportedOperationException("getSubject is not supported")} and the second ignores
 * the context, so a subject bound the Java 17 way ({@code doPrivileged} with a {@link SubjectDomainCombiner}
 * context, as Karaf's {@code JaasHelper} does) would be lost.
 *
 * <p>Each method keeps the signature of the call it replaces (the rewriter swaps only the owner). A subject
 * bound through a context is bound with {@link Subject#callAs} and also inherited by threads started while it
 * is bound: Karaf's SSH server binds the user's subject and then runs the session on a new thread, which
 * {@code callAs} alone would not reach. Consequence: a thread pool created during a user's command keeps that
 * user's identity, as it did on Java 17. Thread-safe; loaded once, by the boot loader.
 */
@SuppressWarnings("removal") // the very calls Java 25 deprecated are what this class answers for
public final class JavaSubjects {
  private static final InheritableThreadLocal<Subject> INHERITED = new InheritableThreadLocal<>();

  private JavaSubjects() {}

  /** For {@code Subject.getSubject(acc)}: the current subject, else the one bound to {@code acc}, else inherited. */
  public static Subject getSubject(AccessControlContext acc) {
    Subject current = Subject.current();
    if (current != null) {
      return current;
    }
    Subject bound = boundTo(acc);
    return bound != null ? bound : INHERITED.get();
  }

  /** For {@code AccessController.doPrivileged(action, acc)}. */
  public static <T> T doPrivileged(PrivilegedAction<T> action, AccessControlContext acc) {
    Subject subject = boundTo(acc);
    if (subject == null) {
      return action.run();
    }
    try {
      return bound(subject, action::run);
    } catch (Exception e) {
      throw unchecked(e);
    }
  }

  /** For {@code AccessController.doPrivileged(action, acc, permissions...)}: permissions mean nothing on Java 25. */
  public static <T> T doPrivileged(PrivilegedAction<T> action, AccessControlContext acc, Permission... perms) {
    return doPrivileged(action, acc);
  }

  /** For {@code AccessController.doPrivileged(action, acc)}: checked exceptions wrapped as the JDK does. */
  public static <T> T doPrivileged(PrivilegedExceptionAction<T> action, AccessControlContext acc)
      throws PrivilegedActionException {
    Subject subject = boundTo(acc);
    try {
      return subject == null ? action.run() : bound(subject, action::run);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new PrivilegedActionException(e);
    }
  }

  /** For {@code AccessController.doPrivileged(action, acc, permissions...)}. */
  public static <T> T doPrivileged(PrivilegedExceptionAction<T> action, AccessControlContext acc,
      Permission... perms) throws PrivilegedActionException {
    return doPrivileged(action, acc);
  }

  private static Subject boundTo(AccessControlContext acc) {
    return acc != null && acc.getDomainCombiner() instanceof SubjectDomainCombiner combiner
        ? combiner.getSubject() : null;
  }

  private interface Action<T> {
    T run() throws Exception;
  }

  private static <T> T bound(Subject subject, Action<T> action) throws Exception {
    Subject outer = INHERITED.get();
    INHERITED.set(subject);
    try {
      return Subject.callAs(subject, action::run);
    } catch (CompletionException e) {
      // callAs wraps what the action threw; the caller expects it as the action threw it.
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      INHERITED.set(outer);
    }
  }

  private static RuntimeException unchecked(Exception e) {
    return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
  }
}
