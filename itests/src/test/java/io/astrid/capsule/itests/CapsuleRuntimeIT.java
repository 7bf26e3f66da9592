package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The runtime as an OSGi container sees it, with the test itself inside the framework (Pax Exam's
 * probe): the distribution's bundles resolve, their services are there, and a capsule follows its
 * engine bundle. The API is installed as a bundle here, as Karaf would have it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CapsuleRuntimeIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject
  private BundleContext context;

  @Inject
  private CapsuleRegistry registry;

  @Inject
  private ManifestReader reader;

  @Configuration
  public Option[] configuration() throws IOException {
    Path distribution = Path.of(System.getProperty("capsule.distribution"));
    List<Option> options = new ArrayList<>(List.of(junitBundles(),
        systemProperty("capsule.examples").value(System.getProperty("capsule.examples")),
        systemProperty("astrid.state.dir").value(System.getProperty("astrid.state.dir")),
        bundle(distribution.resolve("lib/capsule-api-0.1.0-SNAPSHOT.jar").toUri().toString()),
        // Our bundles import SLF4J 2; as in bin/capsule it comes from the class path through the system bundle
        // (Pax Exam's own logging API exports 1.7, and an SLF4J 2 bundle would want a service-loader mediator).
        systemPackages("org.slf4j;version=2.0.17", "org.slf4j.event;version=2.0.17", "org.slf4j.helpers;version=2.0.17",
            "org.slf4j.spi;version=2.0.17"),
        // GraalVM likewise: Truffle is loaded once per JVM, from the class path.
        systemPackages("org.graalvm.polyglot", "org.graalvm.polyglot.io", "org.graalvm.polyglot.proxy",
            "org.graalvm.polyglot.management", "org.graalvm.options")));
    try (Stream<Path> jars = Files.list(distribution.resolve("bundles"))) {
      jars.filter(j -> j.toString().endsWith(".jar")).sorted()
          .forEach(jar -> options.add(bundle(jar.toUri().toString())));
    }
    return options(options.toArray(Option[]::new));
  }

  @Test
  public void everyBundleOfTheDistributionIsActive() {
    List<String> notActive = new ArrayList<>();
    for (Bundle bundle : context.getBundles()) {
      boolean fragment = bundle.getHeaders().get("Fragment-Host") != null;
      if (!fragment && bundle.getState() != Bundle.ACTIVE) {
        notActive.add(bundle.getSymbolicName() + " " + bundle.getState());
      }
    }
    assertEquals(List.of(), notActive);
  }

  @Test
  public void aStaticCapsuleGoesWaitingWhenItsEngineBundleStopsAndReadyWhenItStarts() throws Exception {
    Path directory = Path.of(System.getProperty("capsule.examples")).resolve("hello-static");
    CapsuleManifest manifest = reader.read(directory.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    registry.install(manifest, directory);
    try {
      assertEquals(CapsuleState.READY, registry.awaitSettled("hello-static", TIMEOUT).state());
      Bundle engine = installed("io.astrid.capsule.engine.static");

      engine.stop();
      assertEquals(CapsuleStatus.waitingFor(List.of("static")),
          registry.capsule("hello-static").orElseThrow().status());

      BlockingQueue<CapsuleEvent> events = new LinkedBlockingQueue<>();
      ServiceRegistration<CapsuleListener> listening = context.registerService(CapsuleListener.class, events::add,
          null);
      engine.start();
      // The arrival is handled on the capsule's own thread: wait for its READY event.
      CapsuleEvent event;
      do {
        event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } while (event != null && event.current().state() != CapsuleState.READY);
      listening.unregister();
      assertEquals(CapsuleState.READY, registry.capsule("hello-static").orElseThrow().status().state());
    } finally {
      registry.uninstall("hello-static");
    }
  }

  private Bundle installed(String symbolicName) {
    for (Bundle bundle : context.getBundles()) {
      if (symbolicName.equals(bundle.getSymbolicName())) {
        return bundle;
      }
    }
    throw new AssertionError("no bundle [" + symbolicName + "]");
  }
}
