package io.astrid.capsule.engine.jvm;

/**
 * The parent of every capsule layer's loader: it hands out the capsule API's classes, as the API's
 * own loader defined them (in OSGi, the API bundle's), and nothing else of the container: no core
 * internals, no engine bundle, no Felix, no other capsule. JDK classes come from the platform
 * loader; the capsule's modules reach the boot layer's modules through their configuration.
 */
final class ApiClassLoader extends ClassLoader {
  /** The packages a capsule sees of the container: {@code io.astrid.capsule.api} and its subpackages. */
  static final String API_PACKAGE = "io.astrid.capsule.api";

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader api;

  /** @param api the loader that defined the API's classes */
  ApiClassLoader(ClassLoader api) {
    super("capsule-api", ClassLoader.getPlatformClassLoader());
    this.api = api;
  }

  /** True for a package of the capsule API. */
  static boolean isApi(String packageName) {
    return packageName.equals(API_PACKAGE) || packageName.startsWith(API_PACKAGE + ".");
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    int dot = name.lastIndexOf('.');
    if (dot > 0 && isApi(name.substring(0, dot))) {
      return api.loadClass(name);
    }
    throw new ClassNotFoundException(name + ": a capsule sees only the capsule API (" + API_PACKAGE + ".*) and the"
        + " JDK of the container");
  }
}
