package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.RootScope;
import io.astrid.capsule.api.host.AstridHome;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * {@code -r/--root DIR}, repeatable: the roots to search instead of the workspace and user roots; the
 * one spelling of roots on every command (docs/cli.md). Commands that also take roots as positional
 * arguments ({@code run}, {@code list}, {@code validate}) search those first.
 */
final class RootsOption {
  static final String SHORT = "-r";
  static final String LONG = "--root";

  @Option(names = {SHORT, LONG}, paramLabel = "DIR",
      description = "a capsule root to search (repeatable); default: ./.astrid/plugins, then the user's root"
          + " $ASTRID_HOME/plugins (ASTRID_HOME defaults to $HOME/.astrid)")
  private List<Path> roots = List.of();

  List<CapsuleRoot> roots() {
    return searched(roots);
  }

  /** Whether {@code -r} was given. */
  boolean given() {
    return !roots.isEmpty();
  }

  /**
   * {@code positional} paths, then the {@code -r} ones, as given: not checked as roots, since
   * {@code validate} also takes manifest files and capsule directories.
   */
  List<Path> pathsAfter(List<Path> positional) {
    return Stream.concat(positional.stream(), roots.stream()).toList();
  }

  /** {@code positional} roots, then the {@code -r} ones; the standard roots when there are none. */
  List<CapsuleRoot> rootsAfter(List<Path> positional) {
    return searched(Stream.concat(positional.stream(), roots.stream()).toList());
  }

  /**
   * The roots {@code arguments} name with {@value #SHORT}/{@value #LONG}, in picocli's spellings of an
   * option's value ({@code -r DIR}, {@code -rDIR}, {@code -r=DIR}, {@code --root DIR}, {@code --root=DIR};
   * none after {@code --}). For bin/capsule's lean client ({@link ClientMain}), which builds no command
   * tree; {@code Issue14ClientMainTest} holds it to what the tree parses.
   */
  static List<Path> named(List<String> arguments) {
    List<Path> named = new ArrayList<>();
    for (int i = 0; i < arguments.size() && !arguments.get(i).equals("--"); i++) {
      String argument = arguments.get(i);
      if ((argument.equals(SHORT) || argument.equals(LONG)) && i + 1 < arguments.size()) {
        named.add(Path.of(arguments.get(++i)));
      } else if (argument.startsWith(LONG + "=")) {
        named.add(Path.of(argument.substring(LONG.length() + 1)));
      } else if (argument.startsWith(SHORT) && argument.length() > SHORT.length()) {
        String value = argument.substring(SHORT.length());
        named.add(Path.of(value.startsWith("=") ? value.substring(1) : value));
      }
    }
    return named;
  }

  /**
   * {@code explicit} as extra roots, or the standard ones when there are none. A standard root that
   * does not exist yet is no error (it is watched for), but a root the user named must be a
   * directory of capsules (issue 19).
   *
   * @throws CapsuleException naming the first named root that is missing, a file or a capsule
   */
  static List<CapsuleRoot> searched(List<Path> explicit) {
    explicit.forEach(RootsOption::check);
    return explicit.isEmpty()
        ? CapsuleRoot.standard(Path.of(""), AstridHome.directory().resolve(AstridHome.PLUGINS), List.of())
        : explicit.stream().map(r -> new CapsuleRoot(r, RootScope.EXTRA)).toList();
  }

  private static void check(Path root) {
    if (!Files.exists(root)) {
      throw new CapsuleException("capsule root [" + root + "] does not exist: create it, or name a directory whose"
          + " subdirectories are capsules");
    }
    if (!Files.isDirectory(root)) {
      throw new CapsuleException("capsule root [" + root + "] is not a directory: a root is a directory whose"
          + " subdirectories are capsules");
    }
    if (Files.exists(root.resolve(CapsuleManifest.FILE_NAME))) {
      Path parent = root.toAbsolutePath().normalize().getParent();
      throw new CapsuleException("capsule root [" + root + "] is a capsule directory, not a root: name its parent ["
          + (root.getParent() != null ? root.getParent() : parent) + "] to use the capsules there");
    }
  }
}
