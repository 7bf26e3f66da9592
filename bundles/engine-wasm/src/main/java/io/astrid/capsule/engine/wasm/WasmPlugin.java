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
 * at a time); a call that runs past its timeout is interrupted by the {@link CallWatchdog} and the
 * plugin stays usable.
 */
final class WasmPlugin implements AutoCloseable {
  private final Context context;
  private final Value exports;
  private final ExtismKernel kernel;
  private final Map<String, ExtismKernel.Entry> entries = new HashMap<>();
  private final String name;
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
  private long calls;
  /**
   * The call the watchdog last saw running, when it first saw it, and how long the call's thread
   * had waited for humans then (the watchdog's thread only).
   */
  private long watchedCall;
  private long watchedSince;
  private long watchedWaited;
  private volatile boolean closed;

  private WasmPlugin(Context context, Value exports, ExtismKernel kernel, String name) {
    this.context = context;
    this.exports = exports;
    this.kernel = kernel;
    this.name = name;
  }

  /**
   * Instantiates {@code wasm} on {@code engine}.
   *
   * @param guestOutput where the guest's WASI standard output and error go (the capsule's log)
   * @throws WasmCallException when the module does not compile or link (an import nobody offers)
   */
  static WasmPlugin load(Engine engine, byte[] wasm, String name, ExtismKernel kernel,
      HostImports userFunctions, OutputStream guestOutput) {
    Context context = Context.newBuilder("wasm").engine(engine)
        .option("wasm.Builtins", "wasi_snapshot_preview1").allowHostAccess(HostFunction.ACCESS)
        .in(kernel.standardInput()).out(guestOutput).err(guestOutput)
        .build();
    try {
      kernel.instantiate(context);
      Value module = context.eval(Source.newBuilder("wasm", ByteSequence.create(wasm), name).build());
      Value instance = module.newInstance(kernel.importObject(context, userFunctions, name,
          FunctionSignatures.of(wasm).imports()));
      Value exports = instance.getMember("exports");
      WasmPlugin plugin = new WasmPlugin(context, exports, kernel, name);
      CallWatchdog.watch(plugin);
      try {
        for (String initializer : new String[] {"_initialize", "__wasm_call_ctors"}) {
          if (exports.hasMember(initializer)) {
            plugin.call(initializer, new byte[0], CallWatchdog.INITIALIZER_TIMEOUT);
            break;
          }
        }
      } catch (WasmCallException e) {
        plugin.close();
        throw new WasmCallException("module [" + name + "] cannot be initialised: " + e.getMessage(), e);
      }
      return plugin;
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
    ExtismKernel.Entry entry = entries.get(export);
    if (entry == null) {
      entry = entry(export);
      entries.put(export, entry);
    }
    runningTimeoutNanos = timeout.toNanos();
    runningWait = HumanWait.ofCurrentThread();
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
      if (e.isInterrupted() || e.isCancelled()) {
        throw new WasmCallException("export [" + export + "] timed out after " + timeout.toMillis() + " ms", e);
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

  private ExtismKernel.Entry entry(String export) {
    Value function = exports.getMember(export);
    if (function == null || !function.canExecute()) {
      throw new WasmCallException("the plugin has no export [" + export + "]");
    }
    return kernel.entry(context, function);
  }

  /**
   * True when a call is running past its timeout at {@code now}, as the watchdog asks at each tick.
   * A call is timed from the first tick that sees it, which is after it started: a timeout never
   * fires early, and late by at most a tick. The time its thread waits for a human (a host call
   * asking for approval) is not counted: the approval timeout bounds that.
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
      return false;
    }
    return now - watchedSince - (runningWait.waitedNanos(now) - watchedWaited) > runningTimeoutNanos;
  }

  /** Stops the running call; a guest that does not stop within seconds has its context closed. */
  void interrupt() {
    try {
      context.interrupt(Duration.ofSeconds(5));
    } catch (java.util.concurrent.TimeoutException e) {
      context.close(true);
    }
  }

  boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    context.close(true);
  }

  @Override
  public String toString() {
    return name;
  }
}
