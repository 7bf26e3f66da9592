package io.astrid.capsule.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * Real jars built during a test with the JDK's javac and jar, from sources the test writes: a JVM
 * capsule's, against the capsule API, for the engine's tests and the distribution's alike.
 */
public final class TestJars {
  private static final ToolProvider JAVAC = ToolProvider.findFirst("javac").orElseThrow();
  private static final ToolProvider JAR = ToolProvider.findFirst("jar").orElseThrow();

  private final Path work;
  private final Path api;

  /**
   * Jars built under {@code work}; the capsule API, the jar or classes directory that holds
   * {@code apiClass}, is on their module path as {@code io.astrid.capsule.api}.
   */
  public TestJars(Path work, Class<?> apiClass) throws IOException {
    this.work = work;
    Path apiSource = Path.of(apiClass.getProtectionDomain().getCodeSource().getLocation().getPath());
    this.api = Files.createDirectories(work.resolve("api")).resolve("io.astrid.capsule.api.jar");
    if (Files.isDirectory(apiSource)) {
      run(JAR, "--create", "--file", api.toString(), "-C", apiSource.toString(), ".");
    } else {
      Files.copy(apiSource, api);
    }
  }

  /**
   * Compiles {@code sources} (file path to content; a {@code module-info.java} makes a named
   * module) against the API and {@code modulePath}, adds {@code resources}, and jars it to {@code jar}.
   */
  public Path jar(Path jar, Map<String, String> sources, Map<String, String> resources, Path... modulePath)
      throws IOException {
    Path dir = Files.createTempDirectory(work, "build");
    Path src = dir.resolve("src");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "25"));
    List<Path> path = new ArrayList<>(List.of(api));
    path.addAll(List.of(modulePath));
    String joined = path.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    boolean named = sources.containsKey("module-info.java");
    args.addAll(List.of(named ? "--module-path" : "--class-path", joined));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    run(JAVAC, args.toArray(String[]::new));
    for (Map.Entry<String, String> resource : resources.entrySet()) {
      Path file = classes.resolve(resource.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, resource.getValue());
    }
    Files.createDirectories(jar.getParent());
    Files.deleteIfExists(jar);
    run(JAR, "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
    return jar;
  }

  /**
   * Writes a JVM capsule {@code id} into {@code directory}: its jar {@code lib/ID.jar}, built from {@code sources} as
   * {@link #jar} does, and a manifest naming that jar and declaring {@code [capabilities] jvm = true}.
   *
   * @param sections the rest of its manifest, which goes on inside its {@code [capabilities]} table (such as
   *     {@code intercept = ["subject"]}) before tables of its own: commands, interceptors
   */
  public Path jvmCapsule(Path directory, String id, Map<String, String> sources, String sections)
      throws IOException {
    String entrypoint = "lib/" + id + ".jar";
    jar(directory.resolve(entrypoint), sources, Map.of());
    return TestCapsules.componentManifest(directory, id, entrypoint, "[capabilities]\njvm = true\n" + sections);
  }

  private static void run(ToolProvider tool, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = tool.run(print, print, args);
    if (code != 0) {
      throw new IllegalStateException(tool.name() + " " + String.join(" ", args) + " failed (" + code + "): "
          + out.toString(StandardCharsets.UTF_8));
    }
  }
}
