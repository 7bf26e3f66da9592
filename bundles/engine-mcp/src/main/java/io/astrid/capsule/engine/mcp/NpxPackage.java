package io.astrid.capsule.engine.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The npm package an {@code npx} command line will download before its server can start: npx says
 * nothing while it fetches, and a first use takes seconds (issue 19), so the engine says it first.
 * A package is there when npx's cache ({@code _npx/HASH/node_modules/NAME} under {@code
 * npm_config_cache}, else {@code $HOME/.npm}) or the server's directory ({@code node_modules/NAME})
 * holds it.
 */
final class NpxPackage {
  private NpxPackage() {}

  /**
   * The package spec ({@code @scope/name@version}) {@code command} will fetch; empty when the command
   * is not npx, names no registry package (a path, a URL) or the package is there already.
   */
  static Optional<String> toFetch(List<String> command, Map<String, String> environment, Path directory) {
    if (command.isEmpty() || !Path.of(command.getFirst()).getFileName().toString().equals("npx")) {
      return Optional.empty();
    }
    Optional<String> spec = spec(command.subList(1, command.size()));
    if (spec.isEmpty() || spec.get().startsWith(".") || spec.get().startsWith("/") || spec.get().contains(":")) {
      return Optional.empty();
    }
    String name = name(spec.get());
    if (Files.isRegularFile(directory.resolve("node_modules").resolve(name).resolve("package.json"))) {
      return Optional.empty();
    }
    Optional<Path> cache = Optional.ofNullable(environment.get("npm_config_cache")).map(Path::of)
        .or(() -> Optional.ofNullable(environment.get("HOME")).map(home -> Path.of(home, ".npm")));
    return cache.isPresent() && cached(cache.get().resolve("_npx"), name) ? Optional.empty() : spec;
  }

  /** The package of {@code --package X}, {@code -p X} or {@code --package=X}, else the first non-option argument. */
  private static Optional<String> spec(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if ((arg.equals("-p") || arg.equals("--package")) && i + 1 < args.size()) {
        return Optional.of(args.get(i + 1));
      }
      if (arg.startsWith("--package=")) {
        return Optional.of(arg.substring("--package=".length()));
      }
      if (!arg.startsWith("-")) {
        return Optional.of(arg);
      }
    }
    return Optional.empty();
  }

  /** {@code @scope/name@1.2} and {@code name@latest} without their version. */
  static String name(String spec) {
    int version = spec.indexOf('@', spec.startsWith("@") ? 1 : 0);
    return version > 0 ? spec.substring(0, version) : spec;
  }

  private static boolean cached(Path npx, String name) {
    if (!Files.isDirectory(npx)) {
      return false;
    }
    try (Stream<Path> installs = Files.list(npx)) {
      return installs.anyMatch(install -> Files.isRegularFile(install.resolve("node_modules").resolve(name)
          .resolve("package.json")));
    } catch (IOException e) {
      return false; // unreadable cache: npx will fetch, and saying so is the safe side
    }
  }
}
