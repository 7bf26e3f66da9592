package io.astrid.capsule.launcher;

import picocli.CommandLine.IVersionProvider;

/** {@code capsule --version}: the launcher jar's version, as the build wrote it. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"capsule " + (version == null ? "(development build)" : version)};
  }
}
