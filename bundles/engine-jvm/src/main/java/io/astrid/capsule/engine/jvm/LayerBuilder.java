package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.host.KeyValueStore;
import io.astrid.capsule.api.jvm.CapsuleToolProvider;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.tool.CapsuleTool;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds a capsule's module layer in small steps, as plugin loaders do: find each jar's module,
 * check what the JDK's resolver would report without naming the jar (a split package, a missing
 * module, a cycle), {@code resolveAndBind} on the API layer's configuration, define every module
 * with one loader, and let the modules read the API's classes.
 */
final class LayerBuilder {
  /** The module a named capsule module requires to compile against the API. */
  static final String API_MODULE = "io.astrid.capsule.api";

  private LayerBuilder() {}

  /** One jar's module. */
  private record Found(ModuleReference reference, String jar) {
    String name() {
      return reference.descriptor().name();
    }

    String describe() {
      return "module [" + name() + "] in jar [" + jar + "]";
    }
  }

  /**
   * The packages the {@value #API_MODULE} module exports, named by one class of each so that a
   * renamed package cannot be missed. A named capsule module can use these; the resolver insists
   * that a module providing a service reads a module exporting the service's package.
   */
  private static final List<Class<?>> API_PACKAGES = List.of(CapsuleException.class, CapsuleToolProvider.class,
      CapsuleTool.class, CapsuleManifest.class, CapsuleSecurityGate.class, KeyValueStore.class, EngineFactory.class,
      CapsuleRegistry.class, CapsuleDiscovery.class, CapsuleWatcher.class);

  /**
   * The layer every capsule layer's configuration resolves on: the boot layer and a module named
   * {@value #API_MODULE} exporting the API's packages, so {@code requires io.astrid.capsule.api}
   * resolves. The module is defined to {@code loader}, which defines no class itself: it hands out
   * the classes the API's own loader defined, so capsule and host share one {@code Class} per type.
   */
  static ModuleLayer apiLayer(ApiClassLoader loader) {
    ModuleDescriptor.Builder api = ModuleDescriptor.newModule(API_MODULE);
    API_PACKAGES.stream().map(Class::getPackageName).distinct().forEach(api::exports);
    ModuleDescriptor placeholder = api.build();
    ModuleReference reference = new ModuleReference(placeholder, null) {
      @Override
      public ModuleReader open() {
        return new ModuleReader() {
          @Override
          public Optional<URI> find(String name) {
            return Optional.empty();
          }

          @Override
          public Stream<String> list() {
            return Stream.empty();
          }

          @Override
          public void close() {}
        };
      }
    };
    ModuleFinder finder = new ModuleFinder() {
      @Override
      public Optional<ModuleReference> find(String name) {
        return name.equals(API_MODULE) ? Optional.of(reference) : Optional.empty();
      }

      @Override
      public Set<ModuleReference> findAll() {
        return Set.of(reference);
      }
    };
    ModuleLayer boot = ModuleLayer.boot();
    Configuration configuration = boot.configuration().resolve(finder, ModuleFinder.of(), Set.of(API_MODULE));
    return boot.defineModules(configuration, name -> loader);
  }

  /**
   * The capsule's layer: every jar of {@code jars} a module, all of them roots.
   *
   * @param directory the capsule directory, which jar names in messages are relative to
   * @param apiModule the module of the API's classes, which every capsule module is made to read
   * @throws JvmLinkException naming the jar and module that do not fit
   */
  static ModuleLayer build(Path directory, List<Path> jars, ModuleLayer apiLayer, ApiClassLoader loader,
      Module apiModule) {
    Map<String, Found> modules = find(directory, jars);
    checkPackages(modules);
    checkRequires(modules, apiLayer);
    checkCycles(modules);
    Configuration configuration;
    try {
      configuration = Configuration.resolveAndBind(ModuleFinder.of(jars.toArray(Path[]::new)),
          List.of(apiLayer.configuration()), ModuleFinder.of(), modules.keySet());
    } catch (FindException | ResolutionException e) {
      throw new JvmLinkException("jars " + modules.values().stream().map(Found::jar).toList()
          + " do not resolve: " + e.getMessage(), e);
    }
    ModuleLayer.Controller controller;
    try {
      controller = ModuleLayer.defineModulesWithOneLoader(configuration, List.of(apiLayer), loader);
    } catch (LayerInstantiationException e) {
      throw new JvmLinkException("jars " + modules.values().stream().map(Found::jar).toList()
          + " cannot be defined: " + e.getMessage(), e);
    }
    // The API is the unnamed module of its loader (the API bundle's, in OSGi): named modules read it only when told.
    controller.layer().modules().forEach(m -> controller.addReads(m, apiModule));
    return controller.layer();
  }

  private static Map<String, Found> find(Path directory, List<Path> jars) {
    Map<String, Found> modules = new LinkedHashMap<>();
    for (Path jar : jars) {
      String name = directory.relativize(jar).toString();
      Set<ModuleReference> found;
      try {
        found = ModuleFinder.of(jar).findAll();
      } catch (FindException e) {
        throw new JvmLinkException("jar [" + name + "] is not a module: " + causes(e), e);
      }
      if (found.isEmpty()) {
        throw new JvmLinkException("jar [" + name + "] is not a module: no module found in it");
      }
      Found module = new Found(found.iterator().next(), name);
      Found before = modules.putIfAbsent(module.name(), module);
      if (before != null) {
        throw new JvmLinkException("module [" + module.name() + "] is in two jars: [" + before.jar() + "] and ["
            + name + "]");
      }
    }
    return modules;
  }

  /** Each package in one module only, and none of the API's. */
  private static void checkPackages(Map<String, Found> modules) {
    Map<String, Found> owners = new HashMap<>();
    for (Found module : modules.values()) {
      for (String pkg : module.reference().descriptor().packages()) {
        if (ApiClassLoader.isApi(pkg)) {
          throw new JvmLinkException(module.describe() + " contains package [" + pkg + "] of the capsule API");
        }
        Found other = owners.putIfAbsent(pkg, module);
        if (other != null) {
          throw new JvmLinkException("split package [" + pkg + "]: " + other.describe() + " and " + module.describe()
              + " both contain it");
        }
      }
    }
  }

  private static void checkRequires(Map<String, Found> modules, ModuleLayer apiLayer) {
    for (Found module : modules.values()) {
      for (ModuleDescriptor.Requires requires : module.reference().descriptor().requires()) {
        String needed = requires.name();
        boolean optional = requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC);
        if (!optional && !modules.containsKey(needed) && apiLayer.configuration().findModule(needed).isEmpty()) {
          throw new JvmLinkException(module.describe() + " requires [" + needed + "], which no jar beside it and no"
              + " module of the JDK provides");
        }
      }
    }
  }

  private static void checkCycles(Map<String, Found> modules) {
    Map<String, Integer> state = new HashMap<>(); // 1: on the path, 2: done
    for (String name : modules.keySet()) {
      visit(name, modules, state, new ArrayList<>());
    }
  }

  private static void visit(String name, Map<String, Found> modules, Map<String, Integer> state, List<String> path) {
    Integer seen = state.get(name);
    if (seen != null && seen == 2) {
      return;
    }
    path.add(name);
    if (seen != null) {
      List<String> cycle = path.subList(path.indexOf(name), path.size());
      throw new JvmLinkException("modules require each other in a cycle: " + String.join(" -> ",
          cycle.stream().map(m -> m + " [" + modules.get(m).jar() + "]").toList()));
    }
    state.put(name, 1);
    for (ModuleDescriptor.Requires requires : modules.get(name).reference().descriptor().requires()) {
      if (modules.containsKey(requires.name())) {
        visit(requires.name(), modules, state, path);
      }
    }
    state.put(name, 2);
    path.removeLast();
  }

  private static String causes(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append(": ").append(cause.getMessage());
    }
    return text.toString();
  }
}
