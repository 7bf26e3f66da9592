package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.security.HumanWait;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * One Extism plugin instance: a polyglot context of its own on the shared engine, with the kernel
 * as its {@code extism:host/env} imports, the host's functions as {@code extism:host/user}, and
 * WASI preview 1 with no directory and no environment (standard input carries the bytes the host
 * hands to the kernel, and is empty when the guest reads it). Calls are serialised (one context runs one call
 * at a time); a call that runs past its timeout is interrupted by the {@link CallWatchdog}.
 *
 * <p>A call that stops inside the guest (a trap, a host function's error, the timeout) leaves the
 * instance where it stopped: its shadow-stack pointer lowered, its heap perhaps mid-update (issue
 * 13, finding 5). The next call therefore first instantiates the module afresh in a new context,
 * as Extism does after a failed call; what the ABI keeps across calls lives outside the instance
 * and stays: variables (in the kernel's Java half) and the key-value store.
 */
final class WasmPlugin implements AutoCloseable {
  private final Engine engine;
  private final byte[] wasm;
  private final String name;
  private final ExtismKernel kernel;
  private final HostImports userFunctions;
  private final OutputStream guestOutput;
  /** The module's live instance: replaced whole when it is restored, read by the watchdog's interrupt. */
  private volatile Instance instance;
  /** Set when a call stopped inside the guest: the next call restores the instance first. */
  private String spoiledBy;
  /**
   * The running call's number, or 0 between calls, and its timeout: all a call writes for the
   * watchdog. No clock read (one costs a quarter of a cheap call on these machines), and release
   * stores rather than volatile ones (no fence): the watchdog need only see them within a tick.
   */
  private static final VarHandle RUNNING_CALL = runningCallHandle();
  @SuppressWarnings("unused") // through RUNNING_CALL
  private long runningCall;
  private long runningTimeoutNanos; // published by the release store of runningCall
  /** The calling thread's time spent waiting for humans, which the timeout does not count (issue 20). */
  private HumanWait runningWait; // published by the release store of runningCall
  /** The calling thread: when it is interrupted, its caller has given up on the call (issue 14). */
  private Thread runningThread; // published by the release store of runningCall
  private long calls;
  /**
   * The call the watchdog last saw running, when it first saw it, and how long the call's thread
   * had waited for humans then (the watchdog's thread only).
   */
  private long watchedCall;
  private long watchedSince;
  private long watchedWaited;
  /** The number of the call the watchdog last interrupted. */
  private volatile long interruptedCall;
  /** The number of the last call the watchdog stopped because its thread was interrupted. */
  private volatile long abandonedCall;
  private volatile boolean closed;

  /** One instantiation of the module: its context, its exports, and how to call each export called so far. */
  private record Instance(Context context, Value exports, Map<String, ExtismKernel.Entry> entries) {}

  private WasmPlugin(Engine engine, byte[] wasm, String name, ExtismKernel kernel, HostImports userFunctions,
      OutputStream guestOutput) {
    this.engine = engine;
    this.wasm = wasm;
    this.name = name;
    this.kernel = kernel;
    this.userFunctions = userFunctions;
    this.guestOutput = guestOutput;
  }

  /**
   * Instantiates {@code wasm} on {@code engine}.
   *
   * @param guestOutput where the guest's WASI standard output and error go (the capsule's log)
   * @throws WasmCallException when the module does not compile or link (an import nobody offers)
   */
  static WasmPlugin load(Engine engine, byte[] wasm, String name, ExtismKernel kernel,
      HostImports userFunctions, OutputStream guestOutput, CallWatchdog watchdog) {
    WasmPlugin plugin = new WasmPlugin(engine, wasm, name, kernel, userFunctions, guestOutput);
    watchdog.watch(plugin); // the initializer's timeout too
    try {
      plugin.instantiate();
    } catch (RuntimeException e) {
      plugin.closed = true;
      throw e;
    }
    return plugin;
  }

  /**
   * Makes a new instance of the module, in a context of its own, the plugin's instance and runs its
   * initializer there (as the instance, so that the watchdog's interrupt reaches it).
   */
  private void instantiate() {
    Context context = Context.newBuilder("wasm").engine(engine)
        .option("wasm.Builtins", "wasi_snapshot_preview1").allowHostAccess(HostFunction.ACCESS)
        .in(kernel.standardInput()).out(guestOutput).err(guestOutput)
        .build();
    try {
      kernel.instantiate(context);
      Value module = context.eval(Source.newBuilder("wasm", ByteSequence.create(wasm), name).build());
      Value exports = module.newInstance(kernel.importObject(context, userFunctions, name,
          FunctionSignatures.of(wasm).imports())).getMember("exports");
      instance = new Instance(context, exports, new HashMap<>());
      if (closed) {
        // Unloaded while a call restored the instance (issue 16): this context would outlive the engine's bundle.
        throw new WasmCallException("module [" + name + "] is unloaded");
      }
      try {
        for (String initializer : new String[] {"_initialize", "__wasm_call_ctors"}) {
          if (exports.hasMember(initializer)) {
            run(instance, initializer, new byte[0], CallWatchdog.INITIALIZER_TIMEOUT);
            break;
          }
        }
      } catch (WasmCallException e) {
        throw new WasmCallException("module [" + name + "] cannot be initialised: " + e.getMessage(), e);
      }
    } catch (PolyglotException | IOException e) {
      context.close(true);
      throw new WasmCallException("module [" + name + "] cannot be loaded: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      context.close(true);
      throw e;
    }
  }

  /**
   * Calls export {@code export} with {@code input}; its output, or an exception with the guest's
   * error, the trap, or the timeout.
   */
  synchronized byte[] call(String export, byte[] input, Duration timeout) {
    if (closed) {
      throw new WasmCallException("module [" + name + "] is unloaded");
    }
    if (spoiledBy != null) {
      restore();
    }
    return run(instance, export, input, timeout);
  }

  /** Replaces the instance a call stopped inside by a fresh one; the old context goes with it. */
  private void restore() {
    Instance stale = instance;
    String reason = spoiledBy;
    try {
      instantiate();
    } catch (WasmCallException e) {
      spoiledBy = reason; // the next call tries again
      throw new WasmCallException("module [" + name + "] cannot be restored after " + reason + ": "
          + e.getMessage(), e);
    } finally {
      stale.context().close(true);
    }
    spoiledBy = null;
  }

  private byte[] run(Instance target, String export, byte[] input, Duration timeout) {
    ExtismKernel.Entry entry = target.entries().get(export);
    if (entry == null) {
      entry = entry(target, export);
      target.entries().put(export, entry);
    }
    runningTimeoutNanos = timeout.toNanos();
    runningWait = HumanWait.ofCurrentThread();
    runningThread = Thread.currentThread();
    RUNNING_CALL.setRelease(this, ++calls);
    try {
      int code = kernel.call(entry, input);
      if (kernel.error() != null) {
        throw new WasmCallException(kernel.error());
      }
      if (code != 0) {
        throw new WasmCallException("export [" + export + "] returned " + code);
      }
      return kernel.output();
    } catch (PolyglotException e) {
      spoiledBy = "export [" + export + "] stopped mid-call";
      // The watchdog's interrupt surfaces in guest code as an interrupted exception, but inside a host
      // function as whatever that function's polyglot or I/O call made of it ("Execution got interrupted.").
      if (e.isInterrupted() || e.isCancelled() || interruptedCall == calls) {
        String hostFunction = kernel.calledLast();
        String why = " timed out after " + timeout.toMillis() + " ms";
        if (abandonedCall == calls) {
          why = " was interrupted";
          Thread.currentThread().interrupt(); // the caller's interrupt, which stopping the guest may have consumed
        }
        throw new WasmCallException("export [" + export + "]" + why
            + (hostFunction == null ? "" : "; the last host function it called was [" + hostFunction + "]"), e);
      }
      if (e.isHostException() && e.asHostException() instanceof WasmCallException host) {
        throw host;
      }
      throw new WasmCallException("export [" + export + "] trapped: " + e.getMessage(), e);
    } finally {
      RUNNING_CALL.setRelease(this, 0L);
    }
  }

  private static VarHandle runningCallHandle() {
    try {
      return MethodHandles.lookup().findVarHandle(WasmPlugin.class, "runningCall", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ExtismKernel.Entry entry(Instance target, String export) {
    Value function = target.exports().getMember(export);
    if (function == null || !function.canExecute()) {
      throw new WasmCallException("the plugin has no export [" + export + "]");
    }
    return kernel.entry(target.context(), function);
  }

  /**
   * True when a call is running past its timeout at {@code now}, or its thread has been interrupted,
   * as the watchdog asks at each tick. A call is timed from the first tick that sees it, which is
   * after it started: a timeout never fires early, and late by at most a tick. The time its thread
   * waits for a human (a host call asking for approval) is not counted: the approval timeout bounds
   * that. An interrupted thread means its caller gave up (the tool pipeline's timeout, a cancelled
   * request): a guest never looks at the interrupt itself, so the watchdog stops it for the caller.
   */
  boolean overdue(long now) {
    long call = (long) RUNNING_CALL.getAcquire(this);
    if (call == 0) {
      return false;
    }
    if (call != watchedCall) {
      watchedCall = call;
      watchedSince = now;
      watchedWaited = runningWait.waitedNanos(now);
    } else if (now - watchedSince - (runningWait.waitedNanos(now) - watchedWaited) > runningTimeoutNanos) {
      return true;
    }
    if (runningThread.isInterrupted()) {
      abandonedCall = call;
      return true;
    }
    return false;
  }

  /** Stops the running call; a guest that does not stop within seconds has its context closed. */
  void interrupt() {
    interruptedCall = watchedCall;
    Context running = instance.context();
    try {
      running.interrupt(Duration.ofSeconds(5));
    } catch (java.util.concurrent.TimeoutException e) {
      running.close(true); // the next call restores the instance
    }
  }

  boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    instance.context().close(true);
    kernel.release();
  }

  @Override
  public String toString() {
    return name;
  }
}
