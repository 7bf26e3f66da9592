package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.Capsule;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.launcher.EmbeddedFramework;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The shared base of the Pax Exam tests on Felix (Pax Exam's native container, in the test's JVM): the runtime as
 * {@code bin/capsule} arranges it. Every bundle of the distribution's {@code bundles/} (the reactor's artifacts,
 * assembled by distribution/), and from the class path, exported by the system bundle, what the launcher exports
 * there ({@link EmbeddedFramework#systemPackagesExtra}: the capsule API, SLF4J 2 and GraalVM polyglot, which must
 * be loaded once per JVM). Each container gets a state directory of its own ({@code astrid.state.dir}), so that
 * one class's audit log or approvals never meet another's, and a workspace of its own ({@code astrid.workspace}, where
 * the wasm engine's guests keep their files). Pax Exam stops the container after the class, however
 * its tests end. A subclass is annotated {@code @RunWith(PaxExam.class)} and adds options through
 * {@link #moreOptions()}.
 */
public abstract class FelixContainerBase {
  /** The unpacked distribution (distribution/target/capsule). */
  protected static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  /** The repository's examples/. */
  protected static final Path EXAMPLES = Path.of(System.getProperty("capsule.examples"));

  @Inject
  protected BundleContext context;

  @Configuration
  public Option[] configuration() throws IOException {
    Path states = Files.createDirectories(Path.of(System.getProperty("capsule.it.states")));
    List<Option> all = new ArrayList<>(List.of(junitBundles(),
        systemProperty("capsule.examples").value(EXAMPLES.toString()),
        systemProperty("astrid.state.dir").value(Files.createTempDirectory(states, "felix-").toString()),
        systemProperty("astrid.workspace").value(Files.createTempDirectory(states, "workspace-").toString()),
        systemPackages(EmbeddedFramework.systemPackagesExtra()),
        // As in the launcher: the whiteboard's HTTP server listens only once the gateway switches it on.
        frameworkProperty("org.apache.felix.http.enable").value("false"),
        frameworkProperty("felix.log.level").value("1"), Services.testingSupport()));
    try (Stream<Path> jars = Files.list(DISTRIBUTION.resolve("bundles"))) {
      jars.filter(j -> j.toString().endsWith(".jar")).sorted()
          // reference: Felix reads each jar where it lies instead of copying it into every container's cache.
          .forEach(jar -> all.add(bundle("reference:" + jar.toUri())));
    }
    all.addAll(moreOptions());
    return options(all.toArray(Option[]::new));
  }

  /** More options of a subclass (none here). */
  protected List<Option> moreOptions() throws IOException {
    return List.of();
  }

  /** This container's state directory: the security gate's audit log, the approvals, the key-value store. */
  protected static Path stateDirectory() {
    return Path.of(System.getProperty("astrid.state.dir"));
  }

  /** This container's workspace ({@code astrid.workspace}): the files of the wasm engine's guests. */
  protected static Path workspaceDirectory() {
    return Path.of(System.getProperty("astrid.workspace"));
  }

  /** Installs the capsule in {@code directory} as its manifest says and asserts that it becomes READY. */
  protected Capsule installReady(Path directory, String id, Duration timeout) throws InterruptedException {
    CapsuleRegistry registry = service(CapsuleRegistry.class, timeout);
    CapsuleManifest manifest = service(ManifestReader.class, timeout)
        .read(directory.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    Capsule capsule = registry.install(manifest, directory);
    CapsuleState settled = registry.awaitSettled(id, timeout).state();
    assertEquals(capsule.status().toString(), CapsuleState.READY, settled);
    return capsule;
  }

  /**
   * Uninstalls every capsule: the tests of a class share their container, and each starts from an empty registry
   * (no guard of one test intercepting the next one's calls).
   */
  protected void uninstallAll() throws InterruptedException {
    CapsuleRegistry registry = service(CapsuleRegistry.class, Duration.ofSeconds(30));
    registry.capsules().forEach(capsule -> registry.uninstall(capsule.id()));
  }

  /**
   * Sets the configuration of {@code pid} to {@code properties} through Config Admin, as a user's {@code PID.cfg}
   * does, and returns once Declarative Services has given it to the component: once a {@code service} is
   * registered with these properties (a component's configuration is its service's properties).
   */
  protected void configure(String pid, Class<?> service, Map<String, String> properties) throws Exception {
    Settings.configure(context, pid, service, properties);
  }

  /**
   * Deletes the configuration of {@code pid} and returns once a {@code service} is back to the component's
   * {@code defaults} (the defaults of its configuration type are properties of its service too).
   */
  protected void reset(String pid, Class<?> service, Map<String, String> defaults) throws Exception {
    Settings.reset(context, pid, service, defaults);
  }

  /**
   * Deletes the configuration of {@code pid}, for a component that is there only when configured; the caller waits
   * for its service to go.
   */
  protected void deleteConfiguration(String pid) throws Exception {
    Settings.delete(context, pid);
  }

  /** The installed bundle of this symbolic name; an assertion error naming it when there is none. */
  protected Bundle installed(String symbolicName) {
    return Services.bundle(context, symbolicName);
  }

  /** The service of this type once registered, within {@code timeout}; an assertion error naming it otherwise. */
  protected <T> T service(Class<T> type, Duration timeout) throws InterruptedException {
    return Services.await(context, type, timeout);
  }
}
