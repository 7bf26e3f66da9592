package io.astrid.capsule.engine.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the wasm engine factory activated on a thread whose context class loader is a bundle's (Karaf's
 * features installer, a shell command, Pax Exam's RMI thread) must still find the wasm language. Such a loader
 * loads Truffle's classes (Felix delegates them to the class path) but none of the language's service files; with
 * it as the context loader, Truffle found no language and the first guest failed with "Could not find option with
 * name wasm.Builtins.".
 */
class Issue16ContextClassLoaderTest {
  /** As a Felix bundle's loader looks to Truffle: the class path's classes, none of its resources. */
  private static final class BundleLikeLoader extends ClassLoader {
    BundleLikeLoader() {
      super(Issue16ContextClassLoaderTest.class.getClassLoader());
    }

    @Override
    public Enumeration<URL> getResources(String name) {
      return Collections.emptyEnumeration();
    }

    @Override
    public URL getResource(String name) {
      return null;
    }
  }

  @Test
  void theEngineFindsTheWasmLanguageWhenTheActivatingThreadsContextLoaderIsABundles() {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    ClassLoader bundle = new BundleLikeLoader();
    thread.setContextClassLoader(bundle);
    try (Engine engine = WasmPolyglot.newEngine()) {
      assertSame(bundle, thread.getContextClassLoader(), "the caller's context loader is put back");
      assertEquals(Set.of("wasm"), engine.getLanguages().keySet());
      // What the first guest of a capsule does (WasmPlugin): a context of the engine with the WASI built-ins.
      try (Context context = Context.newBuilder("wasm").engine(engine)
          .option("wasm.Builtins", "wasi_snapshot_preview1").build()) {
        assertEquals("wasm", context.getEngine().getLanguages().get("wasm").getId());
      }
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
