package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.hostcall.HostCall;
import org.graalvm.polyglot.HostAccess;

/**
 * A host function written in Java is a {@link HostCall.Of0} to {@link HostCall.Of3} by its number
 * of arguments: each argument an {@code i64} (a kernel block's handle), the result an {@code i64}
 * (a handle or a number), ignored where the guest's import declares no result. Guests get them as
 * plain host objects that polyglot may call ({@link #ACCESS}) rather than {@code ProxyExecutable}s:
 * GraalWasm calls a host object's functional method with its primitive arguments from compiled
 * code, where a proxy gets each argument wrapped in a {@code Value} — about 80 ns a call against
 * about 1 on the development machine. The objects are {@link HostCall}'s wrappers, of the boot
 * path, never the engine's own lambdas: the compiler remembers what it met past the bundle's life
 * (issue 16, see {@link HostCall}).
 */
final class HostFunction {
  private HostFunction() {}

  /** What a function that has no result returns: nothing the guest sees. */
  static final long NO_RESULT = 0;

  /** What a plugin's context lets guests reach of the host: these four methods, in any implementation, only. */
  static final HostAccess ACCESS = access();

  private static HostAccess access() {
    try {
      return HostAccess.newBuilder().allowAccessInheritance(true)
          .allowAccess(HostCall.Of0.class.getMethod("call"))
          .allowAccess(HostCall.Of1.class.getMethod("call", long.class))
          .allowAccess(HostCall.Of2.class.getMethod("call", long.class, long.class))
          .allowAccess(HostCall.Of3.class.getMethod("call", long.class, long.class, long.class))
          .build();
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
