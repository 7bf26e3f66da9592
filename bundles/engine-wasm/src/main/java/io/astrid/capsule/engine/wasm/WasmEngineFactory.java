package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.graalvm.polyglot.Engine;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.LoggerFactory;

/**
 * The {@code wasm} engine factory: one polyglot engine for all capsules (its code cache is
 * shared), one plugin context per capsule. Work in progress (issue 5): the kernel, tool calls,
 * timeouts, the memory cap and the hash check; not the Astrid host functions yet.
 */
@Component(service = EngineFactory.class, property = EngineFactory.KIND_PROPERTY + "=" + EngineFactory.WASM)
public final class WasmEngineFactory implements EngineFactory {

  /** Configuration (component property types). */
  public @interface Config {
    /** The longest one guest call may run, in milliseconds; a runaway call is interrupted. */
    long wasm_call_timeout_ms() default 10_000;

    /** The most linear memory a guest may have, in bytes (rounded down to 64 KiB pages). */
    long wasm_memory_max_bytes() default 64L * 1024 * 1024;
  }

  private final Engine polyglot;
  private final CapsuleSecurityGate gate;
  private final Config config;

  @Activate
  public WasmEngineFactory(@Reference CapsuleSecurityGate gate, Config config) {
    this.gate = gate;
    this.config = config;
    // Truffle's own warning goes to stderr and names options our users never set; ours says what to do.
    this.polyglot = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    interpreterWarning(polyglot.getImplementationName())
        .ifPresent(LoggerFactory.getLogger(WasmEngineFactory.class)::warn);
  }

  /** The warning to log when the polyglot engine named so has no runtime compiler, if any. */
  static Optional<String> interpreterWarning(String implementationName) {
    if (!"Interpreted".equals(implementationName)) {
      return Optional.empty();
    }
    return Optional.of("WebAssembly guests run in the interpreter, many times slower than compiled: this JVM has"
        + " no Graal compiler for Truffle. Enable it with -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI and"
        + " --upgrade-module-path=<org.graalvm.compiler:compiler 25.0.2 jar> (see docs/runtime.md).");
  }

  @Deactivate
  void deactivate() {
    polyglot.close(true);
  }

  @Override
  public String kind() {
    return WASM;
  }

  @Override
  public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
    return manifest.component().stream()
        .map(component -> (ExecutionEngine) new WasmCapsuleEngine(polyglot, gate, component,
            Duration.ofMillis(config.wasm_call_timeout_ms()), config.wasm_memory_max_bytes(), System.getenv()))
        .toList();
  }
}
