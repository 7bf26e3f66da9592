package io.astrid.capsule.core.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.Diagnostic;
import io.astrid.capsule.api.manifest.ManifestReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The invalid-manifest corpus: each directory under {@code src/test/manifests/invalid} is a
 * capsule whose {@code Capsule.toml} is wrong in one way, and whose {@code expected.txt} holds
 * every diagnostic the reader must report, exactly, one per line, with the file shown as
 * {@code Capsule.toml}. The cases live outside the test resources so that they are read in
 * place, never copied.
 *
 * <p>To add a case: write its directory with the manifest and an empty {@code expected.txt}, run
 * this test with {@code -Dcorpus.update=true} to fill it, and read what was written before
 * committing it.
 */
class InvalidManifestCorpusTest {
  static final Path CORPUS = Path.of("src/test/manifests/invalid");
  static final int MINIMUM_CASES = 40;

  private final TomlManifestReader reader = new TomlManifestReader(new ManifestParser("0.1.0"));

  @Test
  void corpusHoldsAtLeastFortyCases() throws IOException {
    assertTrue(cases().size() >= MINIMUM_CASES, "corpus has " + cases().size() + " cases");
  }

  @TestFactory
  Stream<DynamicTest> everyCaseReportsExactlyItsExpectedDiagnostics() throws IOException {
    return cases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
  }

  private void check(Path dir) throws IOException {
    ManifestReport report = reader.read(dir.resolve(CapsuleManifest.FILE_NAME));
    List<String> actual = report.diagnostics().stream().map(InvalidManifestCorpusTest::relative).toList();
    Path expectedFile = dir.resolve("expected.txt");
    if (Boolean.getBoolean("corpus.update")) {
      Files.write(expectedFile, actual);
    }
    List<String> expected = Files.readAllLines(expectedFile).stream().filter(l -> !l.isBlank()).toList();
    assertEquals(String.join("\n", expected), String.join("\n", actual), dir.toString());
    assertTrue(report.hasErrors(), dir + " must be invalid");
  }

  private static String relative(Diagnostic d) {
    return new Diagnostic(Path.of(CapsuleManifest.FILE_NAME), d.line(), d.column(), d.severity(), d.message())
        .toString();
  }

  private static List<Path> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(CORPUS)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }
}
