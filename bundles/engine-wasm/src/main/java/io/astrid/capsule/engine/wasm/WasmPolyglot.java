package io.astrid.capsule.engine.wasm;

import org.graalvm.polyglot.Engine;

/** The one polyglot engine of the wasm engine factory, built the same whichever thread activates the factory. */
final class WasmPolyglot {
  private WasmPolyglot() {}

  /**
   * A new engine for WebAssembly. Truffle looks its languages up through the building thread's context class loader,
   * and Declarative Services activates the factory on whatever thread first asks for it: Karaf's features installer,
   * a shell command's, Pax Exam's RMI thread. In OSGi that loader is often a bundle's, which loads Truffle's classes
   * (the system bundle's, by boot delegation) but none of the language's service files: Truffle then finds no
   * language at all, and the first guest fails with "Could not find option with name wasm.Builtins." (issue 16).
   * So the engine is built with polyglot's own loader (the class path's, where the wasm language is) as the
   * context class loader, and the caller's is put back.
   */
  static Engine newEngine() {
    Thread thread = Thread.currentThread();
    ClassLoader caller = thread.getContextClassLoader();
    thread.setContextClassLoader(Engine.class.getClassLoader());
    try {
      // Truffle's own warning goes to stderr and names options our users never set; ours says what to do
      // (WasmEngineFactory.interpreterWarning). Tool calls run on their callers' threads, often virtual ones, where
      // Truffle warns that tools needing caller frames do not work; WebAssembly needs none. That switch is an
      // experimental option, the only one enabled here.
      return Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false")
          .allowExperimentalOptions(true).option("engine.WarnVirtualThreadSupport", "false").build();
    } finally {
      thread.setContextClassLoader(caller);
    }
  }
}
