package io.astrid.capsule.core.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.DiscoveredCapsule;
import io.astrid.capsule.api.discovery.DiscoveryReport;
import io.astrid.capsule.api.discovery.DuplicateCapsule;
import io.astrid.capsule.api.discovery.RootScope;
import io.astrid.capsule.core.internal.manifest.ManifestParser;
import io.astrid.capsule.core.internal.manifest.TomlManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultCapsuleDiscoveryTest {
  private final DefaultCapsuleDiscovery discovery =
      new DefaultCapsuleDiscovery(new TomlManifestReader(new ManifestParser("0.1.0")));

  @TempDir
  Path temp;

  @Test
  void eachSubdirectoryWithAManifestIsACapsuleInNameOrder() throws IOException {
    Path root = temp.resolve("plugins");
    capsule(root.resolve("zeta"), "zeta");
    capsule(root.resolve("alpha"), "alpha");
    Files.createDirectories(root.resolve("not-a-capsule"));
    Files.writeString(root.resolve("stray-file.txt"), "");
    capsule(root.resolve(".hidden"), "hidden");

    DiscoveryReport report = discovery.discover(List.of(new CapsuleRoot(root, RootScope.EXTRA)));

    assertEquals(List.of(root.resolve("alpha"), root.resolve("zeta")), directories(report.capsules()));
    assertEquals(List.of(), report.broken());
  }

  @Test
  void aBrokenManifestIsReportedAndNeverStopsTheOthers() throws IOException {
    Path root = temp.resolve("plugins");
    capsule(root.resolve("a-good"), "a-good");
    Files.createDirectories(root.resolve("b-broken"));
    Files.write(root.resolve("b-broken/Capsule.toml"), new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
    Files.createDirectories(root.resolve("c-broken"));
    Files.writeString(root.resolve("c-broken/Capsule.toml"), "[package]\nname = 42\nversion = \"1.0.0\"\n");
    capsule(root.resolve("d-good"), "d-good");

    DiscoveryReport report = discovery.discover(List.of(new CapsuleRoot(root, RootScope.EXTRA)));

    assertEquals(List.of(root.resolve("a-good"), root.resolve("d-good")), directories(report.capsules()));
    assertEquals(List.of(
        root.resolve("b-broken/Capsule.toml") + ":1:1: file is not valid UTF-8",
        root.resolve("c-broken/Capsule.toml") + ":2:8: [package]: name has type integer, expected a string"),
        report.broken().stream().flatMap(b -> b.report().diagnostics().stream()).map(Object::toString).toList());
  }

  @Test
  void issue20Finding11_aCapsuleLinkedFromOutsideItsRootIsRefusedAndReported() throws IOException {
    Path root = Files.createDirectories(temp.resolve("plugins")).toRealPath();
    Path elsewhere = temp.resolve("elsewhere").toAbsolutePath();
    capsule(elsewhere.resolve("red"), "red");
    capsule(elsewhere.resolve("blue"), "blue");
    Files.createSymbolicLink(root.resolve("red"), elsewhere.resolve("red"));
    Files.createDirectories(root.resolve("blue"));
    Files.createSymbolicLink(root.resolve("blue/Capsule.toml"), elsewhere.resolve("blue/Capsule.toml"));
    capsule(root.resolve("green-v2"), "green");
    Files.createSymbolicLink(root.resolve("green"), Path.of("green-v2"));

    DiscoveryReport report = discovery.discover(List.of(new CapsuleRoot(root, RootScope.EXTRA)));

    assertEquals(List.of(root.resolve("green")), directories(report.capsules()), "a link inside the root is fine");
    assertEquals(List.of(
        root.resolve("blue/Capsule.toml") + ":1:1: manifest [" + root.resolve("blue/Capsule.toml") + "] refused: it"
            + " is a symbolic link to [" + elsewhere.toRealPath().resolve("blue/Capsule.toml") + "], outside its"
            + " capsule directory [" + root.resolve("blue") + "]",
        root.resolve("red/Capsule.toml") + ":1:1: capsule directory [" + root.resolve("red") + "] refused: it is a"
            + " symbolic link to [" + elsewhere.toRealPath().resolve("red") + "], outside the root [" + root + "]"),
        report.broken().stream().flatMap(b -> b.report().diagnostics().stream()).map(Object::toString).toList());
  }

  @Test
  void theWorkspaceWinsOverTheUserRootAndBothPathsAreReported() throws IOException {
    Path workspace = temp.resolve("workspace");
    Path home = temp.resolve("home");
    capsule(workspace.resolve(".astrid/plugins/tools"), "tools");
    capsule(home.resolve(".astrid/plugins/tools-old"), "tools");
    capsule(home.resolve(".astrid/plugins/extra"), "extra");

    DiscoveryReport report = discovery.discover(CapsuleRoot.standard(workspace, home.resolve(".astrid/plugins"),
        List.of(temp.resolve("absent"))));

    assertEquals(List.of(workspace.resolve(".astrid/plugins/tools"), home.resolve(".astrid/plugins/extra")),
        directories(report.capsules()));
    assertEquals(RootScope.WORKSPACE, report.capsules().getFirst().root().scope());
    assertEquals(List.of(new DuplicateCapsule("tools", workspace.resolve(".astrid/plugins/tools"),
        home.resolve(".astrid/plugins/tools-old"))), report.duplicates());
    assertEquals(List.of(), report.unreadableRoots(), "an absent root holds no capsules and is no error");
  }

  private static List<Path> directories(List<DiscoveredCapsule> capsules) {
    return capsules.stream().map(DiscoveredCapsule::directory).toList();
  }

  private static void capsule(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Capsule.toml"), "[package]\nname = \"" + name + "\"\nversion = \"1.0.0\"\n");
  }
}
