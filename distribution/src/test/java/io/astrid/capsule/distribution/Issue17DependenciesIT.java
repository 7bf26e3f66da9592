package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.distribution.CapsuleCli.Run;
import io.astrid.capsule.distribution.CapsuleSession.Running;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, dependencies, through bin/capsule: {@code list} shows the load order, {@code validate}
 * names a cycle, and {@code run} keeps a dependent WAITING naming its dependency, unloads it first
 * when the dependency is removed, and loads it by itself when the dependency comes back.
 */
class Issue17DependenciesIT {
  private static final long TIMEOUT_S = 60;

  @TempDir
  Path temp;

  private CapsuleSession cli() {
    return new CapsuleSession(temp.resolve("home"), "issue17");
  }

  private Path capsule(Path root, String name, String version, String dependencies) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(dir.resolve("notes.md"), "notes of " + name);
    Files.writeString(dir.resolve("Capsule.toml"), "[package]\nname = \"" + name + "\"\nversion = \"" + version
        + "\"\n\n[[context_file]]\nname = \"notes\"\nfile = \"notes.md\"\n"
        + (dependencies.isEmpty() ? "" : "\n[dependencies]\n" + dependencies));
    return dir;
  }

  @Test
  void listShowsTheCapsulesInLoadOrderWithWhatEachLoadsAfter() throws Exception {
    Path root = temp.resolve("root");
    capsule(root, "app", "1.0.0", "store = \"^1.2\"\naudit = \"*\"\n");
    capsule(root, "audit", "0.3.0", "");
    capsule(root, "store", "1.4.0", "audit = \">=0.3\"\n");

    Run list = cli().run(temp, "list", "root");

    assertEquals(List.of(
        "NAME   VERSION  AFTER                DIRECTORY   SECTIONS",
        "audit  0.3.0    -                    root/audit  package, context_file",
        "store  1.4.0    audit >=0.3          root/store  package, dependencies, context_file",
        "app    1.0.0    store ^1.2, audit *  root/app    package, dependencies, context_file"), list.out());
    assertEquals(List.of(), list.err());
    assertEquals(0, list.exit());
  }

  @Test
  void validateAndListNameADependencyCycleAsAnError() throws Exception {
    Path root = temp.resolve("root");
    capsule(root, "left", "1.0.0", "right = \"1\"\n");
    capsule(root, "right", "1.0.0", "left = \"1\"\n");
    String cycle = ":1:1: dependency cycle [left -> right -> left]: capsules in a cycle can never load, since each"
        + " waits for the next; remove one of these dependencies";

    Run validate = cli().run(temp, "validate", "root");

    assertEquals(List.of("root/left/Capsule.toml" + cycle, "root/right/Capsule.toml" + cycle,
        "checked 2 manifests: 0 valid, 2 invalid (2 errors, 0 warnings)"), validate.out());
    assertEquals(1, validate.exit());

    Run list = cli().run(temp, "list", "root");
    assertEquals(List.of("root/left/Capsule.toml" + cycle, "root/right/Capsule.toml" + cycle), list.err());
    assertEquals(1, list.exit());
  }

  @Test
  void runKeepsADependentWaitingUnloadsItFirstAndLoadsItWhenItsDependencyReturns() throws Exception {
    Path root = temp.resolve("root");
    capsule(root, "app", "1.0.0", "store = \"^1\"\n");
    capsule(root, "wrong", "1.0.0", "store = \"^2\"\n");
    Path store = capsule(root, "store", "1.1.0", "");

    try (Running run = cli().start(temp, "root")) {
      run.await("running; watching for changes; press Ctrl-C to stop"::equals, TIMEOUT_S);
      List<String> seen = run.seen();
      List<List<String>> table = seen.stream().filter(l -> l.matches("(app|store|wrong) .*"))
          .map(l -> List.of(l.split(" {2,}"))).toList();
      assertEquals(List.of(
          List.of("app", "1.0.0", "READY", "static", "0"),
          List.of("store", "1.1.0", "READY", "static", "0"),
          List.of("wrong", "1.0.0", "WAITING", "static", "0")), table);
      // The reason below its row, out of the table's columns (issue 19).
      int wrong = seen.indexOf(seen.stream().filter(l -> l.startsWith("wrong ")).findFirst().orElseThrow());
      assertEquals("  waiting for capsule [store] ^2: version 1.1.0 is installed", seen.get(wrong + 1));

      CapsuleSession.deleteTree(store);
      // The reload is reported first, then what it did to the dependent: unloaded first, then waiting. The
      // events reach the console from different threads in any order (seen in CI); it prints each capsule's in
      // the order they happened (issue 18).
      run.await("reload: store removed"::equals, TIMEOUT_S);
      run.await("capsule app: READY -> UNLOADING"::equals, TIMEOUT_S);
      run.await("  waiting for capsule [store]: it is being unloaded"::equals, TIMEOUT_S);
      run.await("  waiting for capsule [store] ^1: not installed"::equals, TIMEOUT_S);

      capsule(root, "store", "1.2.0", "");
      run.await("reload: store added: READY"::equals, TIMEOUT_S);
      run.await("capsule app: LOADING -> READY"::equals, TIMEOUT_S);
    }
  }
}
