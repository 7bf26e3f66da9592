package io.astrid.capsule.itests;

import static org.junit.Assert.assertEquals;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.runtime.CapsuleEvent;
import io.astrid.capsule.api.runtime.CapsuleListener;
import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

/**
 * The runtime as an OSGi container sees it, with the test itself inside the framework (Pax Exam's
 * probe): the distribution's bundles resolve, their services are there, and a capsule follows its
 * engine bundle, on the Felix base (the API exported by the system bundle, as bin/capsule has it).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CapsuleRuntimeIT extends FelixContainerBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject
  private CapsuleRegistry registry;

  @Inject
  private ManifestReader reader;

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
    Path directory = EXAMPLES.resolve("hello-static");
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
      Await.next(events, e -> e.current().state() == CapsuleState.READY, TIMEOUT,
          () -> "hello-static READY again: " + registry.capsule("hello-static").orElseThrow().status());
      listening.unregister();
      assertEquals(CapsuleState.READY, registry.capsule("hello-static").orElseThrow().status().state());
    } finally {
      registry.uninstall("hello-static");
    }
  }
}
