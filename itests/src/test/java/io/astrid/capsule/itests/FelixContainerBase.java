package io.astrid.capsule.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.astrid.capsule.launcher.EmbeddedFramework;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * one class's audit log or approvals never meet another's. Pax Exam stops the container after the class, however
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
        systemPackages(EmbeddedFramework.systemPackagesExtra()),
        // As in the launcher: the whiteboard's HTTP server listens only once the gateway switches it on.
        frameworkProperty("org.apache.felix.http.enable").value("false"),
        frameworkProperty("felix.log.level").value("1"), Services.testingSupport()));
    try (Stream<Path> jars = Files.list(DISTRIBUTION.resolve("bundles"))) {
      jars.filter(j -> j.toString().endsWith(".jar")).sorted()
          .forEach(jar -> all.add(bundle(jar.toUri().toString())));
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

  /** The installed bundle of this symbolic name; an assertion error naming it when there is none. */
  protected Bundle installed(String symbolicName) {
    return Services.bundle(context, symbolicName);
  }

  /** The service of this type once registered, within {@code timeout}; an assertion error naming it otherwise. */
  protected <T> T service(Class<T> type, Duration timeout) throws InterruptedException {
    return Services.await(context, type, timeout);
  }
}
