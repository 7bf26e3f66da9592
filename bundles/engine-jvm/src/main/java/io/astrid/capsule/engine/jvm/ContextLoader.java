package io.astrid.capsule.engine.jvm;

/**
 * Runs a capsule's code with the capsule's loader as the thread's context loader: libraries look
 * classes up through it (ServiceLoader, JAXB, logging back ends), and must find the capsule's.
 */
final class ContextLoader {
  private ContextLoader() {}

  /** Code of the capsule's that may throw {@code E}. */
  interface Action<T, E extends Exception> {
    T run() throws E;
  }

  static <T, E extends Exception> T run(ClassLoader loader, Action<T, E> action) throws E {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.run();
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
