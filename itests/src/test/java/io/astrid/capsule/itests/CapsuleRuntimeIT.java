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
import java.nio.file.Files;
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
 * engine bundle as it is stopped, started and updated while the framework keeps running, on the Felix base (the
 * API exported by the system bundle, as bin/capsule has it).
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
  public void aStaticCapsuleGoesWaitingWhenItsEngineBundleStopsAndReadyWhenItStartsOrIsUpdated() throws Exception {
    Path directory = EXAMPLES.resolve("hello-static");
    CapsuleManifest manifest = reader.read(directory.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    BlockingQueue<CapsuleEvent> events = new LinkedBlockingQueue<>();
    ServiceRegistration<CapsuleListener> listening = context.registerService(CapsuleListener.class, events::add,
        null);
    registry.install(manifest, directory);
    try {
      assertEquals(CapsuleState.READY, registry.awaitSettled("hello-static", TIMEOUT).state());
      assertEquals(List.of("house-style"), registry.context().stream().map(c -> c.value().name()).toList());
      Bundle engine = installed("io.astrid.capsule.engine.static");

      engine.stop();
      assertEquals(CapsuleStatus.waitingFor(List.of("static")),
          registry.capsule("hello-static").orElseThrow().status());
      assertEquals("a WAITING capsule offers nothing", List.of(), registry.context());

      events.clear();
      engine.start();
      awaitReady(events);
      engine.update();
      awaitReady(events);
      assertEquals(List.of("greet"), registry.skills().stream().map(s -> s.value().name()).toList());
    } finally {
      listening.unregister();
      registry.uninstall("hello-static");
    }
  }

  /** Waits for hello-static's READY event: an arrival is handled on the capsule's own thread. */
  private void awaitReady(BlockingQueue<CapsuleEvent> events) throws InterruptedException {
    Await.next(events, e -> e.current().state() == CapsuleState.READY, TIMEOUT,
        () -> "hello-static READY again: " + registry.capsule("hello-static").orElseThrow().status());
    assertEquals(CapsuleState.READY, registry.capsule("hello-static").orElseThrow().status().state());
  }

  @Test
  public void aContextFileThatVanishedAfterValidationFailsTheLoadNamingIt() throws Exception {
    Path dir = Files.createTempDirectory(stateDirectory(), "vanishing");
    Files.writeString(dir.resolve("Capsule.toml"), """
        [package]
        name = "vanishing"
        version = "1.0.0"

        [[context_file]]
        name = "notes"
        file = "notes.md"
        """);
    Files.writeString(dir.resolve("notes.md"), "here for now");
    CapsuleManifest manifest = reader.read(dir.resolve(CapsuleManifest.FILE_NAME)).orThrow();
    Files.delete(dir.resolve("notes.md"));

    registry.install(manifest, dir);
    try {
      assertEquals(CapsuleStatus.failed("engine [static] failed to load: context file [notes.md]: no such file"),
          registry.awaitSettled("vanishing", TIMEOUT));
      assertEquals(List.of(), registry.context());
    } finally {
      registry.uninstall("vanishing");
    }
  }
}
