package io.astrid.capsule.engine.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.astrid.capsule.api.security.AllowAllGate;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.ModuleAttribute;
import java.lang.constant.ModuleDesc;
import java.lang.reflect.AccessFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: every jar that cannot join a capsule's layer fails the load with a message naming jar and module. */
class Issue15BadJarsTest {
  @TempDir
  Path capsule;

  private final JvmRuntime runtime = JvmRuntime.of(new AllowAllGate(), null, null, Path.of("."), null);

  /** A jar holding module {@code name} (its module-info written with the class-file API) and one class per package. */
  private Path module(String jar, String name, List<String> requires, List<String> packages) throws IOException {
    byte[] info = ClassFile.of().buildModule(ModuleAttribute.of(ModuleDesc.of(name), m -> {
      m.requires(ModuleDesc.of("java.base"), java.util.Set.of(AccessFlag.MANDATED), null);
      requires.forEach(r -> m.requires(ModuleDesc.of(r), 0, null));
    }));
    Path file = Files.createDirectories(capsule.resolve("lib")).resolve(jar);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
      add(out, "module-info.class", info);
      for (String pkg : packages) {
        add(out, pkg.replace('.', '/') + "/Thing.class", new byte[] {0});
      }
    }
    return file;
  }

  private static void add(JarOutputStream out, String name, byte[] content) throws IOException {
    out.putNextEntry(new JarEntry(name));
    ((OutputStream) out).write(content);
    out.closeEntry();
  }

  private String failure(Path... jars) {
    return assertThrows(JvmLinkException.class, () -> LayerBuilder.build(capsule, List.of(jars), runtime.apiLayer(),
        runtime.loader(), runtime.apiModule())).getMessage();
  }

  @Test
  void aJarThatIsNoModuleIsNamed() throws Exception {
    Path broken = Files.write(Files.createDirectories(capsule.resolve("lib")).resolve("broken.jar"),
        "not a zip".getBytes());
    assertEquals("jar [lib/broken.jar] is not a module: Error reading " + broken
        + ": zip END header not found", failure(broken));
  }

  @Test
  void aSplitPackageNamesBothModulesAndJars() throws Exception {
    Path a = module("a.jar", "alpha", List.of(), List.of("shared.util"));
    Path b = module("b.jar", "beta", List.of(), List.of("shared.util"));
    assertEquals("split package [shared.util]: module [alpha] in jar [lib/a.jar] and module [beta] in jar [lib/b.jar]"
        + " both contain it", failure(a, b));
  }

  @Test
  void aPackageOfTheCapsuleApiIsRefused() throws Exception {
    Path a = module("a.jar", "alpha", List.of(), List.of("io.astrid.capsule.api.tool"));
    assertEquals("module [alpha] in jar [lib/a.jar] contains package [io.astrid.capsule.api.tool] of the capsule API",
        failure(a));
  }

  @Test
  void aMissingRequiresNamesTheModuleTheJarAndWhatIsMissing() throws Exception {
    Path a = module("a.jar", "alpha", List.of("gamma"), List.of("alpha"));
    assertEquals("module [alpha] in jar [lib/a.jar] requires [gamma], which no jar beside it and no module of the JDK"
        + " provides", failure(a));
  }

  @Test
  void aCycleNamesEveryModuleAndJarOnIt() throws Exception {
    Path a = module("a.jar", "alpha", List.of("beta"), List.of("alpha"));
    Path b = module("b.jar", "beta", List.of("alpha"), List.of("beta"));
    assertEquals("modules require each other in a cycle: alpha [lib/a.jar] -> beta [lib/b.jar] -> alpha [lib/a.jar]",
        failure(a, b));
  }

  @Test
  void oneModuleInTwoJarsNamesBoth() throws Exception {
    Path a = module("a.jar", "alpha", List.of(), List.of("one"));
    Path b = module("b.jar", "alpha", List.of(), List.of("two"));
    assertEquals("module [alpha] is in two jars: [lib/a.jar] and [lib/b.jar]", failure(a, b));
  }
}
