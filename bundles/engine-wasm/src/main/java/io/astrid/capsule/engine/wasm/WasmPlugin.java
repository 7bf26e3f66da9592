package io.astrid.capsule.engine.wasm;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.slf4j.Logger;

/**
 * One Extism plugin instance: a polyglot context of its own on the shared engine, the kernel as
 * its {@code extism:host/env} imports. Calls are serialised (one context runs one call at a
 * time); a call that runs past its timeout is interrupted and the plugin stays usable.
 */
final class WasmPlugin implements AutoCloseable {
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("wasm-watchdog").factory());

  private final Context context;
  private final Value exports;
  private final ExtismKernel kernel;

  private WasmPlugin(Context context, Value exports, ExtismKernel kernel) {
    this.context = context;
    this.exports = exports;
    this.kernel = kernel;
  }

  /**
   * Instantiates {@code wasm} on {@code engine}.
   *
   * @throws WasmCallException when the module does not compile or link (an import nobody offers)
   */
  static WasmPlugin load(Engine engine, byte[] wasm, String name, Map<String, String> config, HostHttp http,
      Logger log) {
    Context context = Context.newBuilder("wasm").engine(engine).build();
    try {
      Value module = context.eval(Source.newBuilder("wasm", ByteSequence.create(wasm), name).build());
      ExtismKernel kernel = new ExtismKernel(config, http, log);
      Value instance = module.newInstance(ProxyObject.fromMap(Map.of("extism:host/env",
          ProxyObject.fromMap(kernel.functions()))));
      Value exports = instance.getMember("exports");
      for (String initializer : new String[] {"_initialize", "__wasm_call_ctors"}) {
        if (exports.hasMember(initializer)) {
          exports.getMember(initializer).execute();
          break;
        }
      }
      return new WasmPlugin(context, exports, kernel);
    } catch (PolyglotException | java.io.IOException e) {
      context.close(true);
      throw new WasmCallException("module [" + name + "] cannot be loaded: " + e.getMessage(), e);
    }
  }

  boolean exports(String name) {
    return exports.hasMember(name);
  }

  /**
   * Calls export {@code name} with {@code input}; its output, or an exception with the guest's
   * error, the trap, or the timeout.
   */
  synchronized byte[] call(String name, byte[] input, Duration timeout) {
    if (!exports.hasMember(name)) {
      throw new WasmCallException("the plugin has no export [" + name + "]");
    }
    kernel.reset(input);
    ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> interrupt(), timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      Value result = exports.getMember(name).execute();
      int code = result.isNumber() ? result.asInt() : 0;
      if (kernel.error() != null) {
        throw new WasmCallException(kernel.error());
      }
      if (code != 0) {
        throw new WasmCallException("export [" + name + "] returned " + code);
      }
      return kernel.output();
    } catch (PolyglotException e) {
      if (e.isInterrupted() || e.isCancelled()) {
        throw new WasmCallException("export [" + name + "] timed out after " + timeout.toMillis() + " ms", e);
      }
      if (e.isHostException() && e.asHostException() instanceof WasmCallException host) {
        throw host;
      }
      throw new WasmCallException("export [" + name + "] trapped: " + e.getMessage(), e);
    } finally {
      watchdog.cancel(false);
    }
  }

  private void interrupt() {
    try {
      context.interrupt(Duration.ofSeconds(5));
    } catch (java.util.concurrent.TimeoutException e) {
      context.close(true);
    }
  }

  @Override
  public void close() {
    context.close(true);
  }
}
