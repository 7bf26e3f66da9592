package io.astrid.capsule.karaf.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class ContextCallRewriterTest {
  private static final String CALLER = LegacyCaller.class.getName();

  @Test
  void withoutTheRewriteJava25RefusesToNameTheSubject() {
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> LegacyCaller.class.getMethod("runAs", String.class).invoke(null, "alice"));
    assertEquals("java.lang.UnsupportedOperationException: getSubject is not supported",
        thrown.getCause().toString());
  }

  @Test
  void aSubjectBoundThroughAContextIsTheCurrentSubjectInside() throws Exception {
    assertEquals("alice", call("runAs", "alice"));
  }

  @Test
  void threadsStartedWhileASubjectIsBoundInheritIt() throws Exception {
    assertEquals("bob", call("onNewThread", "bob"));
  }

  @Test
  void checkedExceptionsComeBackWrappedAsTheJdkWrapsThem() throws Exception {
    assertEquals("IOException: disk gone [carol]", call("failing", "carol"));
  }

  @Test
  void withNoSubjectBoundTheAnswerIsNoSubject() throws Exception {
    assertEquals("nobody", rewrittenCaller().getMethod("whoAmI").invoke(null));
  }

  @Test
  void aClassWithoutContextCallsIsLeftAlone() throws IOException {
    assertNull(ContextCallRewriter.rewrite(bytes(ContextCallRewriterTest.class.getName()), getClass()
        .getClassLoader()));
    assertNull(new ContextCallRewriter().transform(getClass().getModule(), getClass().getClassLoader(),
        "io/astrid/capsule/karaf/agent/JavaSubjects", null, null, bytes(JavaSubjects.class.getName())));
  }

  private static Object call(String method, String user) throws Exception {
    Method called = rewrittenCaller().getMethod(method, String.class);
    return called.invoke(null, user);
  }

  /** LegacyCaller defined afresh from its rewritten bytes, in a loader of its own. */
  private static Class<?> rewrittenCaller() throws IOException, ClassNotFoundException {
    byte[] rewritten = ContextCallRewriter.rewrite(bytes(CALLER), ContextCallRewriterTest.class.getClassLoader());
    ClassLoader loader = new ClassLoader(ContextCallRewriterTest.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
          if (!name.equals(CALLER)) {
            return super.loadClass(name, resolve);
          }
          Class<?> loaded = findLoadedClass(name);
          return loaded != null ? loaded : defineClass(name, rewritten, 0, rewritten.length);
        }
      }
    };
    return loader.loadClass(CALLER);
  }

  private static byte[] bytes(String className) throws IOException {
    try (InputStream in = ContextCallRewriterTest.class.getClassLoader()
        .getResourceAsStream(className.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }
}
