package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import java.util.List;
import picocli.CommandLine.Mixin;

/** A subcommand that searches capsule roots: {@code -r/--root} ({@link RootsOption}). */
abstract class RootedCommand extends CapsuleSubcommand {
  @Mixin
  private RootsOption roots;

  final RootsOption roots() {
    return roots;
  }

  /** The {@code -r} roots, else the standard ones; in the running runtime, its roots (the client named the same). */
  @Override
  List<CapsuleRoot> searchedRoots() {
    return running() != null ? running().roots() : roots.roots();
  }
}
