package io.astrid.capsule.karaf.agent;

import java.io.IOException;
import java.security.AccessControlContext;
import java.security.AccessController;
import java.security.Principal;
import java.security.PrivilegedAction;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.security.auth.Subject;
import javax.security.auth.SubjectDomainCombiner;

/**
 * Calls the Java 17 way, as Karaf 4.4's {@code JaasHelper} and {@code ShellUtil} do. Rewritten by the tests
 * (or by the agent in {@link SubjectAgentIT}); on a plain Java 25 {@link #whoAmI} throws.
 */
@SuppressWarnings("removal")
public final class LegacyCaller {
  private LegacyCaller() {}

  public static String whoAmI() {
    Subject subject = Subject.getSubject(AccessController.getContext());
    return subject == null ? "nobody" : subject.getPrincipals().iterator().next().getName();
  }

  /** Binds {@code user} as JaasHelper.doAs does, then asks who is calling. */
  public static String runAs(String user) {
    return AccessController.doPrivileged((PrivilegedAction<String>) LegacyCaller::whoAmI, bound(user));
  }

  /** Binds {@code user}, starts a thread (as Karaf's SSH shell starts the session) and asks there. */
  public static String onNewThread(String user) {
    return AccessController.doPrivileged((PrivilegedAction<String>) () -> {
      CompletableFuture<String> answer = new CompletableFuture<>();
      Thread thread = new Thread(() -> answer.complete(whoAmI()));
      thread.start();
      return answer.join();
    }, bound(user));
  }

  /** A checked exception thrown under a bound subject, wrapped as the JDK wraps it. */
  public static String failing(String user) {
    try {
      return AccessController.doPrivileged((PrivilegedExceptionAction<String>) () -> {
        throw new IOException("disk gone [" + whoAmI() + "]");
      }, bound(user));
    } catch (PrivilegedActionException e) {
      return e.getException().getClass().getSimpleName() + ": " + e.getException().getMessage();
    }
  }

  private static AccessControlContext bound(String user) {
    Principal principal = () -> user;
    Subject subject = new Subject(true, Set.of(principal), Set.of(), Set.of());
    return new AccessControlContext(AccessController.getContext(), new SubjectDomainCombiner(subject));
  }

  /** What {@link SubjectAgentIT} runs in a JVM with the agent. */
  public static void main(String[] args) {
    System.out.println("outside=" + whoAmI() + " runAs=" + runAs("alice") + " thread=" + onNewThread("bob")
        + " failing=" + failing("carol"));
  }
}
