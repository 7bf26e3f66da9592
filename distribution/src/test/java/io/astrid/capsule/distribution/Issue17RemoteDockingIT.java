package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.host.AstridHome;
import io.astrid.capsule.testing.TestCapsules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues 17 and 14: while {@code capsule run} serves the workspace, {@code install}, {@code update},
 * {@code env}, {@code remove} (and {@code command}, {@code llm}, {@code invoke -}) run in it instead of
 * being refused for the state directory: the questions are asked at the client's input, the output and
 * exit status are those of the same commands on their own, and an update swaps the capsule in the
 * running runtime, whose calls answer throughout and then with the new version.
 */
class Issue17RemoteDockingIT {
  private static final String SECRET = "s3cret-token-never-shown";

  @TempDir
  Path temp;

  private Map<String, String> environment;

  @BeforeEach
  void workspace() throws IOException {
    Path home = Files.createDirectories(temp.resolve("home"));
    environment = Map.of("CAPSULE_JAVA_OPTS", "-Dastrid.state.dir=" + temp.resolve("state") + " -Dcapsule.conf="
        + temp.resolve("conf"), AstridHome.ENVIRONMENT_VARIABLE, home.toString());
    CapsuleCli.copyExample("hello-static", temp.resolve(".astrid/plugins/hello-static"));
  }

  /** The probe capsule of {@code version}, whose GREETING defaults to {@code greeting}. */
  private Path source(String version, String greeting) throws IOException {
    Path source = TestCapsules.hostFunctions(temp.resolve("sources/" + version + "/probe"), "probe", "");
    String manifest = Files.readString(source.resolve("Capsule.toml")).replace("version = \"1.0.0\"",
        "version = \"" + version + "\"");
    Files.writeString(source.resolve("Capsule.toml"), manifest + """

        [env.TOKEN]
        type = "secret"
        request = "Your token"

        [env.GREETING]
        type = "string"
        default = "%s"
        """.formatted(greeting));
    return source;
  }

  private record Step(String input, String[] args) {}

  private static Step step(String input, String... args) {
    return new Step(input, args);
  }

  private List<Step> steps() throws IOException {
    String v1 = source("1.0.0", "one").toString();
    String v2 = source("2.0.0", "two").toString();
    return List.of(
        step("y\n" + SECRET + "\n\n", "install", v1),
        step("", "env", "probe"),
        step("", "invoke", "probe", "get_config", "GREETING"),
        step("", "update", "probe", v2, "--yes"),
        step("", "invoke", "probe", "get_config", "GREETING"),
        step("hello\n", "env", "probe", "set", "GREETING"),
        step("GREETING", "invoke", "probe", "get_config", "-"),
        step("", "command", "hello"),
        step("", "llm", "no-such-provider", "hi"),
        step("", "install", v1, "--yes"),
        step("", "remove", "probe"),
        step("", "invoke", "probe", "get_config", "GREETING"));
  }

  private CapsuleCli.Run run(Step step) throws Exception {
    return CapsuleCli.capsuleWithInput(temp, environment, step.input().getBytes(StandardCharsets.UTF_8), step.args());
  }

  @Test
  void dockingCommandsRunInTheRunningRuntimeAskHereAndPrintAndExitAsOnTheirOwn() throws Exception {
    List<Step> steps = steps();
    List<CapsuleCli.Run> standalone = new ArrayList<>();
    for (Step step : steps) {
      standalone.add(run(step));
    }
    // What the cases are about, so that two identical wrong answers do not pass.
    assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1), standalone.stream().map(CapsuleCli.Run::exit).toList(),
        () -> "standalone: " + standalone);
    assertTrue(String.join("\n", standalone.getFirst().out()).contains("  env TOKEN (secret): asked, required\n"
        + "  env GREETING (string): asked, default offered\nInstall probe 1.0.0? [y/N] Your token (TOKEN, secret): "),
        standalone.getFirst()::toString);
    assertEquals(List.of("\"one\""), standalone.get(2).out());
    assertEquals(List.of("\"two\""), standalone.get(4).out());
    assertEquals(List.of("\"hello\""), standalone.get(6).out());
    assertFalse(Files.exists(temp.resolve(".astrid/plugins/probe")));
    CapsuleSession.deleteTree(temp.resolve("state"));
    CapsuleSession.deleteTree(temp.resolve("sources"));

    try (GatewayRuntime runtime = GatewayRuntime.start(temp, List.of(), Map.of(AstridHome.ENVIRONMENT_VARIABLE,
        temp.resolve("home").toString()))) {
      List<Step> again = steps();
      for (int i = 0; i < again.size(); i++) {
        CapsuleCli.Run remote = run(again.get(i));
        String which = String.join(" ", again.get(i).args()) + ": standalone " + standalone.get(i) + ", remote "
            + remote;
        assertEquals(standalone.get(i).exit(), remote.exit(), which);
        assertEquals(standalone.get(i).out(), remote.out(), which);
        assertEquals(CapsuleCli.withoutLog(standalone.get(i).err()), remote.err(), which);
        assertFalse(String.join("\n", remote.out()).contains(SECRET), which);
      }
      assertTrue(runtime.isAlive());
      assertTrue(runtime.output().stream().anyMatch(l -> l.equals("reload: probe replaced by version 2.0.0: READY")),
          () -> String.join("\n", runtime.output()));
      assertFalse(String.join("\n", runtime.output()).contains(SECRET));
    }
  }

  @Test
  void anUpdateSwapsTheCapsuleInTheRunningRuntimeWhileItsCallsKeepAnswering() throws Exception {
    Files.move(source("1.0.0", "one"), Files.createDirectories(temp.resolve(".astrid/plugins")).resolve("probe"));
    Path v2 = source("2.0.0", "two");
    try (GatewayRuntime runtime = GatewayRuntime.start(temp, List.of(), Map.of(AstridHome.ENVIRONMENT_VARIABLE,
        temp.resolve("home").toString()))) {
      // Placed by hand without its required TOKEN it is WAITING, until the value set through the runtime reloads it.
      CapsuleCli.Run set = CapsuleCli.capsule(temp, environment, "env", "probe", "set", "TOKEN", SECRET);
      assertEquals(new CapsuleCli.Run(0, List.of("env probe TOKEN: stored (encrypted)"), List.of()), set);
      assertTrue(runtime.output().contains("reload: probe replaced by version 1.0.0: READY"),
          () -> String.join("\n", runtime.output()));
      assertEquals(List.of("\"one\""),
          CapsuleCli.capsule(temp, environment, "invoke", "probe", "get_config", "GREETING").out());
      AtomicBoolean updating = new AtomicBoolean(true);
      CompletableFuture<List<CapsuleCli.Run>> calls = CompletableFuture.supplyAsync(() -> {
        List<CapsuleCli.Run> runs = new ArrayList<>();
        try {
          while (updating.get() || runs.isEmpty()) {
            runs.add(CapsuleCli.capsule(temp, environment, "invoke", "probe", "get_config", "GREETING"));
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return runs;
      });
      CapsuleCli.Run update = CapsuleCli.capsule(temp, environment, "update", "probe", v2.toString(), "--yes");
      updating.set(false);
      assertEquals(0, update.exit(), update::toString);
      assertEquals("updated probe 1.0.0 to 2.0.0 in .astrid/plugins/probe", update.out().getLast());
      for (CapsuleCli.Run call : calls.get()) {
        assertEquals(0, call.exit(), call::toString);
        assertTrue(call.out().equals(List.of("\"one\"")) || call.out().equals(List.of("\"two\"")), call::toString);
      }
      assertEquals(List.of("\"two\""),
          CapsuleCli.capsule(temp, environment, "invoke", "probe", "get_config", "GREETING").out());
      long pid = runtime.pid();
      assertTrue(runtime.isAlive() && pid == runtime.pid());
    }
  }
}
