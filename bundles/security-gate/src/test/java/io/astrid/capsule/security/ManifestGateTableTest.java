package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adversarial table ({@code adversarial.tsv}, its categories documented in
 * docs/security.md): every row is one request against one capsule, with the decision and the
 * exact reason the manifest gate must give.
 */
class ManifestGateTableTest {
  static final int MINIMUM_DENIALS = 60;

  @TempDir
  static Path temp;

  private static Path workspace;
  private static Path outside;
  private static SecuritySubject subject;
  private final ManifestGate gate = new ManifestGate();

  record Row(int line, String category, String request, String resource, boolean allowed, String reason) {}

  @BeforeAll
  static void layOutTheWorkspace() throws IOException {
    workspace = Files.createDirectories(temp.resolve("workspace"));
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("outside.txt"), "secret");
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(workspace.resolve("src/main.rs"), "fn main() {}");
    Files.createDirectories(workspace.resolve("docs"));
    Files.writeString(workspace.resolve("docs/guide.md"), "# Guide");
    Files.createDirectories(workspace.resolve("src-evil"));
    Files.writeString(workspace.resolve("src-evil/x"), "x");
    Files.createDirectories(workspace.resolve("out"));
    Files.writeString(workspace.resolve("notes.txt"), "notes");
    Files.createSymbolicLink(workspace.resolve("src/link-out"), outside);
    Files.createSymbolicLink(workspace.resolve("src/link-docs"), Path.of("../docs"));
    Files.createSymbolicLink(workspace.resolve("src/dangling"), workspace.resolve("nothing-here"));
    Files.createSymbolicLink(workspace.resolve("loop-a"), workspace.resolve("loop-b"));
    Files.createSymbolicLink(workspace.resolve("loop-b"), workspace.resolve("loop-a"));
    Files.createDirectories(workspace.resolve("docs/sub"));
    Files.createDirectories(workspace.resolve("private"));
    Files.createSymbolicLink(workspace.resolve("private/lnk"), Path.of("../docs/sub"));
    Files.writeString(workspace.resolve("out/readme.md"), "# Readme");
    Files.createSymbolicLink(workspace.resolve("README.md"), Path.of("out/readme.md"));
    Files.createDirectories(workspace.resolve(".astrid/plugins"));
    Files.createSymbolicLink(workspace.resolve("cfg"), Path.of(".astrid"));
    subject = new SecuritySubject("table", TestSubjects.manifest(
        List.of("api.github.com", "*.example.org", "127.0.0.1:8080", "[::1]", "10.0.0.5"),
        List.of("src", "docs/"), List.of("out"), List.of("npx", "node"), List.of("team-chat")), workspace);
  }

  @Test
  void theTableHoldsAtLeastSixtyDenials() throws IOException {
    long denials = rows().stream().filter(r -> !r.allowed()).count();
    assertTrue(denials >= MINIMUM_DENIALS, "the table has " + denials + " denials");
  }

  @TestFactory
  Stream<DynamicTest> everyRowGetsItsDecisionAndReason() throws IOException {
    return rows().stream().map(row -> DynamicTest.dynamicTest(
        row.line() + " " + row.category() + " " + row.request() + " " + row.resource(), () -> check(row)));
  }

  private void check(Row row) throws IOException {
    GateDecision decision = gate.check(subject, request(row));
    String expected = row.reason()
        .replace("${WS}", workspace.toRealPath().toString())
        .replace("${OUT}", outside.toRealPath().toString())
        .replace("${CWD}", Path.of("").toRealPath().toString());
    assertEquals(expected, decision.reason(), "line " + row.line());
    assertEquals(row.allowed(), decision.allowed(), "line " + row.line());
    assertEquals(ManifestGate.NAME, decision.gate());
  }

  private static GateRequest request(Row row) {
    String resource = row.resource().replace("\\0", "\0");
    return switch (row.request()) {
      case "http" -> new GateRequest.Http("GET", resource);
      case "redirect" -> {
        String[] hops = resource.split(" -> ");
        yield new GateRequest.Http("GET", hops[0]).redirectTo(hops[1]);
      }
      case "read" -> new GateRequest.FileRead(resource.replace("${WS}", workspace.toString()));
      case "write" -> new GateRequest.FileWrite(resource.replace("${WS}", workspace.toString()));
      case "process" -> new GateRequest.HostProcess(resource, List.of());
      case "uplink" -> new GateRequest.UplinkRegistration(resource);
      default -> throw new IllegalArgumentException("unknown request kind [" + row.request() + "]");
    };
  }

  static List<Row> rows() throws IOException {
    try (InputStream in = ManifestGateTableTest.class.getResourceAsStream("/adversarial.tsv")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      return java.util.stream.IntStream.range(0, lines.size())
          .filter(i -> !lines.get(i).startsWith("#") && !lines.get(i).isBlank())
          .mapToObj(i -> {
            String[] columns = lines.get(i).split("\t", -1);
            if (columns.length != 5) {
              throw new IllegalStateException("adversarial.tsv:" + (i + 1) + ": expected 5 columns, found "
                  + columns.length);
            }
            return new Row(i + 1, columns[0], columns[1], columns[2], columns[3].equals("allow"), columns[4]);
          })
          .toList();
    }
  }
}
