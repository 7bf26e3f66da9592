package io.astrid.capsule.karaf.agent;

import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point: installs {@link ContextCallRewriter} so that Karaf 4.4's
 * {@code Subject.getSubject(AccessControlContext)} callers get an answer on Java 25. Goes when upstream
 * Karaf supports Java 25 (apache/karaf#2214).
 */
public final class SubjectAgent {
  private SubjectAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    instrumentation.addTransformer(new ContextCallRewriter());
  }
}
