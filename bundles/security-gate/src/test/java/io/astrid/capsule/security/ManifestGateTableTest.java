package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private final ManifestGate gate = new ManifestGate(ManifestGateTableTest::resolve);

  /**
   * The names the table's URLs resolve to: a resolver the test controls, so a name can lead to a
   * loopback or private address without /etc/hosts or a DNS server (issue 20 finding 5).
   */
  static final Map<String, List<String>> NAMES = Map.ofEntries(
      Map.entry("api.github.com", List.of("140.82.112.5")),
      Map.entry("uploads.api.github.com", List.of("140.82.112.6")),
      Map.entry("cdn.example.org", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")),
      Map.entry("git.corp.example", List.of("140.82.112.7")),
      Map.entry("localhost", List.of("127.0.0.1")),
      Map.entry("rebind.example.org", List.of("127.0.0.1")),
      Map.entry("mixed.example.org", List.of("93.184.215.14", "10.0.0.1")),
      Map.entry("home.example.org", List.of("192.168.1.10")),
      Map.entry("office.example.org", List.of("172.20.0.3")),
      Map.entry("metadata.example.org", List.of("169.254.169.254")),
      Map.entry("cgnat.example.org", List.of("100.64.0.1")),
      Map.entry("zero.example.org", List.of("0.0.0.0")),
      Map.entry("multicast.example.org", List.of("224.0.0.251")),
      Map.entry("ula.example.org", List.of("fd00::1")),
      Map.entry("ula-other.example.org", List.of("fc00::1")),
      Map.entry("link6.example.org", List.of("fe80::1")),
      Map.entry("loop6.example.org", List.of("::1")),
      Map.entry("nat64.example.org", List.of("64:ff9b::7f00:1")),
      Map.entry("compat.example.org", List.of("::7f00:1")));

  private static List<InetAddress> resolve(String name) throws UnknownHostException {
    List<String> addresses = NAMES.get(name);
    if (addresses == null) {
      throw new UnknownHostException(name);
    }
    List<InetAddress> resolved = new ArrayList<>();
    for (String address : addresses) {
      resolved.add(InetAddress.getByAddress(name, InetAddress.ofLiteral(address).getAddress()));
    }
    return resolved;
  }

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
    // A capsule root in the workspace (as `capsule run examples` from a repository has): out/roots.
    Files.createDirectories(workspace.resolve("out/roots/tool"));
    Files.writeString(workspace.resolve("out/roots/tool/Capsule.toml"), "[package]");
    Files.createSymbolicLink(workspace.resolve("cfg"), Path.of(".astrid"));
    subject = new SecuritySubject("table", TestSubjects.manifest(
        List.of("api.github.com", "*.example.org", "127.0.0.1:8080", "[::1]", "10.0.0.5", "localhost:*",
            "127.0.0.0/8:9000", "[fd00::]/8:*", "*.corp.example:*"),
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
