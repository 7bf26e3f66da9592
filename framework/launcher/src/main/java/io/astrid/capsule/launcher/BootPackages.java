package io.astrid.capsule.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The packages the system bundle exports from the launcher's class path: those of the boot jars
 * that must exist once per JVM. The capsule API is shared by the launcher and every bundle (and
 * later by capsules' module layers); SLF4J is the one logging API every bundle binds to; the wasm
 * engine hands GraalVM its host functions in the host-call wrappers, which must not be a bundle's
 * classes (issue 16). Their own {@code Export-Package} headers are re-exported as they are, with
 * their versions.
 */
final class BootPackages {
  /** Bundle-SymbolicNames of the boot jars whose packages bundles import from the system bundle. */
  static final Set<String> SHARED_BUNDLES = Set.of("io.astrid.capsule.api", "slf4j.api", "io.astrid.capsule.hostcall");

  private BootPackages() {}

  /**
   * GraalVM polyglot's API packages, when it is on the class path: its jars carry no OSGi headers,
   * so they are named here. Truffle behind them must be loaded once per JVM (a second copy, in a
   * bundle, would silently lose the compiler), and the wasm engine bundle imports these.
   */
  static final List<String> POLYGLOT_PACKAGES = List.of("org.graalvm.polyglot", "org.graalvm.polyglot.io",
      "org.graalvm.polyglot.proxy", "org.graalvm.polyglot.management", "org.graalvm.options");

  /** The value for {@code org.osgi.framework.system.packages.extra}. */
  static String systemPackagesExtra(ClassLoader loader) {
    List<String> exports = new ArrayList<>();
    try {
      Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
      while (manifests.hasMoreElements()) {
        Attributes main = read(manifests.nextElement()).getMainAttributes();
        String symbolicName = main.getValue("Bundle-SymbolicName");
        String exported = main.getValue("Export-Package");
        if (symbolicName != null && exported != null && SHARED_BUNDLES.contains(symbolicName.split(";")[0].strip())) {
          exports.add(exported);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the boot jars' manifests", e);
    }
    if (exports.size() != SHARED_BUNDLES.size()) {
      throw new IllegalStateException("boot class path lacks one of " + SHARED_BUNDLES + ": found " + exports.size());
    }
    if (loader.getResource("org/graalvm/polyglot/Engine.class") != null) {
      exports.addAll(POLYGLOT_PACKAGES);
    }
    return String.join(",", exports);
  }

  private static Manifest read(URL url) throws IOException {
    try (InputStream in = url.openStream()) {
      return new Manifest(in);
    }
  }
}
