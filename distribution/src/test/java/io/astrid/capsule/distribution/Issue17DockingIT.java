package io.astrid.capsule.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.host.AstridHome;
import io.astrid.capsule.testing.TestCapsules;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 end to end through bin/capsule: [env] values never come from the host implicitly, install
 * elicits and stores them (secrets encrypted, never shown or logged), env/remove manage them, and a
 * hostile archive is refused naming its entry.
 */
class Issue17DockingIT {
  private static final Path DISTRIBUTION = Path.of(System.getProperty("capsule.distribution"));
  private static final String SECRET = "hunter2-never-anywhere";
  private static final String ENV_TABLE = """

      [env.FAKE_AWS_SECRET]
      type = "secret"
      request = "Your AWS secret"
      """;

  @TempDir
  Path temp;

  record Run(int exit, String out, String err) {}

  /** bin/capsule in {@code workspace} with its own state directory and home, {@code input} on stdin. */
  private Run capsule(Map<String, String> environment, String input, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DISTRIBUTION.resolve("bin/capsule").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workspace().toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CAPSULE_JAVA_OPTS", "-Dastrid.state.dir=" + state());
    builder.environment().put(AstridHome.ENVIRONMENT_VARIABLE, temp.resolve("home").toString());
    builder.environment().putAll(environment);
    Path out = temp.resolve("out.txt");
    Path err = temp.resolve("err.txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("capsule " + List.of(args) + " did not finish within 60 s");
    }
    Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    outputs.add(run.out() + run.err());
    return run;
  }

  private final List<String> outputs = new ArrayList<>();

  private Path workspace() throws IOException {
    return Files.createDirectories(temp.resolve("workspace"));
  }

  private Path state() {
    return temp.resolve("state");
  }

  private Path probeSource() throws IOException {
    Path source = TestCapsules.hostFunctions(Files.createTempDirectory(temp, "source-").resolve("probe"), "probe", "");
    Files.writeString(source.resolve("Capsule.toml"), ENV_TABLE, java.nio.file.StandardOpenOption.APPEND);
    return source;
  }

  @Test
  void aDeclaredNameIsNotReadFromTheHostAndTheCapsuleWaitsNamingTheCommand() throws Exception {
    Path root = temp.resolve("root");
    Files.createDirectories(root);
    Files.move(probeSource(), root.resolve("probe"));

    Run run = capsule(Map.of("FAKE_AWS_SECRET", SECRET), "", "invoke", "probe", "get_config", "FAKE_AWS_SECRET",
        "-r", root.toString());

    assertEquals(3, run.exit(), run.toString()); // the capsule asked about is not READY (docs/cli.md)
    assertFalse((run.out() + run.err()).contains(SECRET), run.toString());
    assertTrue(run.err().contains("waiting for env value [FAKE_AWS_SECRET], which has no default: set it with:"
        + " capsule env probe set FAKE_AWS_SECRET"), run.err());
  }

  @Test
  void installStoresTheSecretWhichReachesOnlyItsCapsuleAndIsNeverShownOrLogged() throws Exception {
    Run installed = capsule(Map.of(), "", "install", probeSource().toString(), "--yes",
        "--env", "FAKE_AWS_SECRET=" + SECRET);
    assertEquals(0, installed.exit(), installed.toString());
    assertTrue(installed.out().contains("installed probe 1.0.0 in .astrid/plugins/probe"), installed.out());

    Run invoked = capsule(Map.of(), "", "invoke", "probe", "get_config", "FAKE_AWS_SECRET");
    assertEquals("\"" + SECRET + "\"", invoked.out(), invoked.toString()); // astrid_get_config's JSON (issue 18)
    outputs.remove(outputs.size() - 1); // the one place the secret is meant to appear: its own capsule's answer

    Run listed = capsule(Map.of(), "", "env", "probe");
    assertEquals("NAME             TYPE    SOURCE  VALUE\nFAKE_AWS_SECRET  secret  stored  ********\n",
        listed.out(), listed.toString());
    capsule(Map.of(), "", "inspect", "probe");

    for (String output : outputs) {
      assertFalse(output.contains(SECRET), output);
    }
    try (Stream<Path> files = Files.walk(temp)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(SECRET), "the secret is in " + file);
      }
    }
  }

  @Test
  void aPipedInstallAsksThenAHostGrantAndRemove() throws Exception {
    Run refused = capsule(Map.of(), "n\n", "install", probeSource().toString());
    assertEquals(1, refused.exit(), refused.toString());
    assertEquals("capsule install: capsule [probe] not installed: consent refused\n", refused.err());
    assertFalse(Files.exists(workspace().resolve(".astrid/plugins/probe")));

    Run asked = capsule(Map.of(), "y\nfrom-stdin\n", "install", probeSource().toString());
    assertEquals(0, asked.exit(), asked.toString());
    assertTrue(asked.out().contains("  env FAKE_AWS_SECRET (secret): asked, required\nInstall probe 1.0.0? [y/N] "
        + "Your AWS secret (FAKE_AWS_SECRET, secret): \n"), asked.out());

    Run granted = capsule(Map.of(), "", "env", "probe", "set", "FAKE_AWS_SECRET", "--from-host", "MY_AWS");
    assertEquals("env probe FAKE_AWS_SECRET: granted the host variable MY_AWS\n", granted.out(), granted.toString());
    assertEquals("\"from-the-host\"", capsule(Map.of("MY_AWS", "from-the-host"), "", "invoke", "probe", "get_config",
        "FAKE_AWS_SECRET").out());

    Run removed = capsule(Map.of(), "", "remove", "probe");
    assertEquals("removed probe from .astrid/plugins and 1 stored value\n", removed.out(), removed.toString());
    assertFalse(Files.exists(workspace().resolve(".astrid/plugins/probe")));
  }

  @Test
  void aHostileArchiveIsRefusedNamingItsEntryAndLeavesNothing() throws Exception {
    Path archive = temp.resolve("evil.tar.gz");
    try (OutputStream out = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      for (String name : List.of("probe/Capsule.toml", "probe/../../../evil.sh")) {
        byte[] bytes = "[package]\nname = \"probe\"\nversion = \"1.0.0\"\n".getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
    }
    Run run = capsule(Map.of(), "", "install", archive.toString(), "--yes");
    assertEquals(1, run.exit(), run.toString());
    assertEquals("capsule install: entry [probe/../../../evil.sh] refused: climbs out of the capsule with ..\n",
        run.err());
    try (Stream<Path> left = Files.list(workspace().resolve(".astrid/plugins"))) {
      assertEquals(List.of(), left.toList());
    }
  }
}
