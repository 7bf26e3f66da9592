package io.astrid.capsule.engine.wasm;

import org.graalvm.polyglot.HostAccess;

/**
 * A host function written in Java, by its number of arguments: each argument an {@code i64} (a
 * kernel block's handle), the result an {@code i64} (a handle or a number), ignored where the
 * guest's import declares no result. These are plain host objects that polyglot may call
 * ({@link #ACCESS}) rather than {@code ProxyExecutable}s: GraalWasm calls a host object's
 * functional method with its primitive arguments and the JIT compiles that call into the guest's
 * own code, where a proxy gets each argument wrapped in a {@code Value} — about 80 ns a call
 * against about 1 on the development machine.
 */
public final class HostFunction {
  private HostFunction() {}

  /** What a function that has no result returns: nothing the guest sees. */
  static final long NO_RESULT = 0;

  @FunctionalInterface
  public interface Of0 {
    long call();
  }

  @FunctionalInterface
  public interface Of1 {
    long call(long a);
  }

  @FunctionalInterface
  public interface Of2 {
    long call(long a, long b);
  }

  @FunctionalInterface
  public interface Of3 {
    long call(long a, long b, long c);
  }

  /** What a plugin's context lets guests reach of the host: these four methods, in any implementation, only. */
  static final HostAccess ACCESS = access();

  private static HostAccess access() {
    try {
      return HostAccess.newBuilder().allowAccessInheritance(true)
          .allowAccess(Of0.class.getMethod("call"))
          .allowAccess(Of1.class.getMethod("call", long.class))
          .allowAccess(Of2.class.getMethod("call", long.class, long.class))
          .allowAccess(Of3.class.getMethod("call", long.class, long.class, long.class))
          .build();
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
