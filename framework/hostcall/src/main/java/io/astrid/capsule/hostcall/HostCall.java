package io.astrid.capsule.hostcall;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;

/**
 * A host function of the wasm engine as GraalVM calls it: each argument an {@code i64}, the result an {@code i64}.
 * The engine writes its functions as lambdas of {@link Of0} to {@link Of3} and hands GraalVM only {@link #of}'s
 * wrappers, which it {@link #release}s when its plugin is unloaded.
 *
 * <p>Why a class on the boot path (issue 16): the Graal compiler inlines a guest's call of a host object into the
 * guest's compiled code and remembers every method it met on the way in a cache of 4,096 that outlives contexts,
 * engines and bundles (jargraal, in the heap). A function of the engine bundle's own classes kept the bundle's class
 * loader there after the bundle was updated. The wrappers' {@code call} is a Truffle boundary, so the compiler stops
 * at this class and never meets the bundle's code; a released wrapper holds nothing of the bundle either, should
 * compiled code still hold the wrapper.
 *
 * <p>Thread-safe as far as the engine needs: a wrapper is made before its context exists and released after the
 * context is closed, when no call runs.
 */
public abstract sealed class HostCall permits HostCall.Call0, HostCall.Call1, HostCall.Call2, HostCall.Call3 {
  private final String name;

  private HostCall(String name) {
    this.name = name;
  }

  /** A function without arguments. */
  @FunctionalInterface
  public interface Of0 {
    long call();
  }

  /** A function of one argument. */
  @FunctionalInterface
  public interface Of1 {
    long call(long a);
  }

  /** A function of two arguments. */
  @FunctionalInterface
  public interface Of2 {
    long call(long a, long b);
  }

  /** A function of three arguments. */
  @FunctionalInterface
  public interface Of3 {
    long call(long a, long b, long c);
  }

  /** The wrapper GraalVM calls for {@code function}, host function {@code name}. */
  public static Call0 of(String name, Of0 function) {
    return new Call0(name, function);
  }

  /** The wrapper GraalVM calls for {@code function}, host function {@code name}. */
  public static Call1 of(String name, Of1 function) {
    return new Call1(name, function);
  }

  /** The wrapper GraalVM calls for {@code function}, host function {@code name}. */
  public static Call2 of(String name, Of2 function) {
    return new Call2(name, function);
  }

  /** The wrapper GraalVM calls for {@code function}, host function {@code name}. */
  public static Call3 of(String name, Of3 function) {
    return new Call3(name, function);
  }

  /** Drops the function: a call from now on throws {@link IllegalStateException}. Idempotent. */
  public abstract void release();

  /** The error of a call after {@link #release}. */
  final IllegalStateException released() {
    return new IllegalStateException("host function [" + name + "] is released: its plugin is unloaded");
  }

  @Override
  public String toString() {
    return name;
  }

  /** {@link Of0} as GraalVM calls it. */
  public static final class Call0 extends HostCall implements Of0 {
    private Of0 function;

    private Call0(String name, Of0 function) {
      super(name);
      this.function = function;
    }

    @Override
    @TruffleBoundary
    public long call() {
      Of0 f = function;
      if (f == null) {
        throw released();
      }
      return f.call();
    }

    @Override
    public void release() {
      function = null;
    }
  }

  /** {@link Of1} as GraalVM calls it. */
  public static final class Call1 extends HostCall implements Of1 {
    private Of1 function;

    private Call1(String name, Of1 function) {
      super(name);
      this.function = function;
    }

    @Override
    @TruffleBoundary
    public long call(long a) {
      Of1 f = function;
      if (f == null) {
        throw released();
      }
      return f.call(a);
    }

    @Override
    public void release() {
      function = null;
    }
  }

  /** {@link Of2} as GraalVM calls it. */
  public static final class Call2 extends HostCall implements Of2 {
    private Of2 function;

    private Call2(String name, Of2 function) {
      super(name);
      this.function = function;
    }

    @Override
    @TruffleBoundary
    public long call(long a, long b) {
      Of2 f = function;
      if (f == null) {
        throw released();
      }
      return f.call(a, b);
    }

    @Override
    public void release() {
      function = null;
    }
  }

  /** {@link Of3} as GraalVM calls it. */
  public static final class Call3 extends HostCall implements Of3 {
    private Of3 function;

    private Call3(String name, Of3 function) {
      super(name);
      this.function = function;
    }

    @Override
    @TruffleBoundary
    public long call(long a, long b, long c) {
      Of3 f = function;
      if (f == null) {
        throw released();
      }
      return f.call(a, b, c);
    }

    @Override
    public void release() {
      function = null;
    }
  }
}
