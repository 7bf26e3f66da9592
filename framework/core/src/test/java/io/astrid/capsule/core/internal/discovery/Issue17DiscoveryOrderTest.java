package io.astrid.capsule.core.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.DiscoveredCapsule;
import io.astrid.capsule.api.discovery.DiscoveryReport;
import io.astrid.capsule.api.discovery.RootScope;
import io.astrid.capsule.core.internal.manifest.ManifestParser;
import io.astrid.capsule.core.internal.manifest.TomlManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 and 19 in discovery: capsules come in load order (after their dependencies), a dependency
 * cycle makes its capsules broken naming the cycle, and a root named twice shadows nothing.
 */
class Issue17DiscoveryOrderTest {
  private final DefaultCapsuleDiscovery discovery =
      new DefaultCapsuleDiscovery(new TomlManifestReader(new ManifestParser("0.1.0")));

  @TempDir
  Path temp;

  private void capsule(Path root, String name, String dependencies) throws IOException {
    Files.createDirectories(root.resolve(name));
    Files.writeString(root.resolve(name).resolve("Capsule.toml"), "[package]\nname = \"" + name
        + "\"\nversion = \"1.0.0\"\n" + (dependencies.isEmpty() ? "" : "\n[dependencies]\n" + dependencies));
  }

  private static List<String> names(List<DiscoveredCapsule> capsules) {
    return capsules.stream().map(c -> c.directory().getFileName().toString()).toList();
  }

  @Test
  void capsulesComeAfterTheCapsulesTheyDependOnOtherwiseInDirectoryOrder() throws IOException {
    Path root = temp.resolve("plugins");
    capsule(root, "app", "store = \"^1\"\nlog = \"1.0\"\n");
    capsule(root, "log", "");
    capsule(root, "store", "log = \"*\"\n");
    capsule(root, "zed", "");
    capsule(root, "lonely", "nobody = \"1\"\n");

    DiscoveryReport report = discovery.discover(List.of(new CapsuleRoot(root, RootScope.EXTRA)));

    assertEquals(List.of("log", "store", "app", "lonely", "zed"), names(report.capsules()));
    assertEquals(List.of(), report.broken());
  }

  @Test
  void aDependencyCycleMakesItsCapsulesBrokenNamingTheCycle() throws IOException {
    Path root = temp.resolve("plugins");
    capsule(root, "a", "b = \"1\"\n");
    capsule(root, "b", "a = \"1\"\n");
    capsule(root, "c", "");
    capsule(root, "self", "self = \"1\"\n");

    DiscoveryReport report = discovery.discover(List.of(new CapsuleRoot(root, RootScope.EXTRA)));

    assertEquals(List.of("c"), names(report.capsules()));
    String why = ": capsules in a cycle can never load, since each waits for the next; remove one of these"
        + " dependencies";
    assertEquals(List.of(
        root.resolve("a/Capsule.toml") + ":1:1: dependency cycle [a -> b -> a]" + why,
        root.resolve("b/Capsule.toml") + ":1:1: dependency cycle [a -> b -> a]" + why,
        root.resolve("self/Capsule.toml") + ":1:1: dependency cycle [self -> self]" + why),
        report.broken().stream().flatMap(b -> b.report().errors().stream()).map(Object::toString).toList());
  }

  /** Issue 19: {@code list examples examples} warned that each capsule "is shadowed by" itself. */
  @Test
  void issue19_aRootNamedTwiceIsSearchedOnceAndShadowsNothing() throws IOException {
    Path root = temp.resolve("plugins");
    capsule(root, "one", "");

    DiscoveryReport report = discovery.discover(List.of(new CapsuleRoot(root, RootScope.EXTRA),
        new CapsuleRoot(temp.resolve("plugins/../plugins"), RootScope.EXTRA)));

    assertEquals(List.of("one"), names(report.capsules()));
    assertEquals(List.of(), report.duplicates());
  }
}
