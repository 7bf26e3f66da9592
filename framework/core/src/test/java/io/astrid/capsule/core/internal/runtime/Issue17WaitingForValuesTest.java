package io.astrid.capsule.core.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.runtime.CapsuleState;
import io.astrid.capsule.api.runtime.CapsuleStatus;
import io.astrid.capsule.core.internal.env.MvStoreCapsuleEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a capsule whose required [env] value has no default and none stored is WAITING, with the
 * command that sets it; with the value stored its engines get exactly the capsule's own values.
 */
class Issue17WaitingForValuesTest {
  private static final Duration SETTLE = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private RunningFramework framework;
  private MvStoreCapsuleEnvironment environment;
  private CapsuleTable table;
  private CallDeadlines deadlines;
  private final List<EnvValues> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    framework = new RunningFramework();
    environment = new MvStoreCapsuleEnvironment(dir.resolve("state"), Map.of("API_KEY", "from-the-host"));
    deadlines = new CallDeadlines(Duration.ofSeconds(5));
    table = new CapsuleTable(new TrackedEngineFactories(framework.context()), environment::resolve,
        new ToolPipeline(capsuleId -> List.of(), deadlines),
        RuntimeEvents.NONE, Duration.ofSeconds(5));
    framework.register(new EngineFactory() {
      @Override
      public String kind() {
        return STATIC;
      }

      @Override
      public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
        return List.of(new TestEngines.RecordingEngine(STATIC, "static", new TestEngines.Journal(), false, List.of()) {
          @Override
          public void load(EngineContext context) {
            super.load(context);
            seen.add(context.env());
          }
        });
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    table.uninstallAll();
    deadlines.close();
    environment.close();
    framework.close();
  }

  private CapsuleManifest manifest(String name) {
    return TestManifests.write(dir.resolve(name), """
        [package]
        name = "%s"
        version = "1.0.0"

        [env.API_KEY]
        type = "secret"

        [env.REGION]
        type = "string"
        default = "eu-west-1"
        """.formatted(name));
  }

  @Test
  void aRequiredValueWithoutDefaultKeepsTheCapsuleWaitingNamingTheCommand() {
    CapsuleManifest manifest = manifest("probe");
    table.install(manifest, dir.resolve("probe"));
    assertEquals(CapsuleStatus.waiting("waiting for env value [API_KEY], which has no default: set it with:"
        + " capsule env probe set API_KEY"), table.awaitSettled("probe", SETTLE));
    assertEquals(List.of(), seen, "no engine loaded, and the host's API_KEY was not taken");
  }

  @Test
  void withTheValueStoredTheEnginesGetTheCapsulesOwnValues() {
    CapsuleManifest manifest = manifest("probe");
    environment.set("probe", manifest.env().get("API_KEY"), "stored-key");
    table.install(manifest, dir.resolve("probe"));
    assertEquals(CapsuleState.READY, table.awaitSettled("probe", SETTLE).state());
    assertEquals(List.of(Map.of("API_KEY", "stored-key", "REGION", "eu-west-1")),
        seen.stream().map(EnvValues::values).toList());
  }

  @Test
  void severalMissingValuesAreNamedTogether() {
    CapsuleManifest manifest = TestManifests.write(dir.resolve("two"), """
        [package]
        name = "two"
        version = "1.0.0"

        [env.A]
        type = "string"

        [env.B]
        type = "number"
        """);
    table.install(manifest, dir.resolve("two"));
    assertEquals(CapsuleStatus.waiting("waiting for env values [A, B], which have no default: set each with:"
        + " capsule env two set NAME"), table.awaitSettled("two", SETTLE));
  }
}
