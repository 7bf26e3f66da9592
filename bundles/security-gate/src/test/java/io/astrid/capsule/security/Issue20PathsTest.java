package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.security.WorkspaceFileException;
import io.astrid.capsule.api.security.WorkspaceFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, findings 1 and 10 and the self-modification rule: the gate's judgement of a path and
 * the file operation are one resolution, acted on through directory handles; the audit line and
 * an approval name the real path; the runtime's own directories are never writable.
 */
class Issue20PathsTest {
  @TempDir
  Path temp;

  private Path workspace;
  private Path state;
  private DefaultSecurityGate gate;

  @BeforeEach
  void layOut() throws IOException {
    workspace = Files.createDirectories(temp.resolve("workspace")).toRealPath();
    state = workspace.resolve("state");
    Files.createDirectories(workspace.resolve(".astrid/plugins"));
    gate = new DefaultSecurityGate(state);
  }

  @AfterEach
  void close() throws IOException {
    gate.deactivate();
  }

  private SecuritySubject subject(List<String> fsRead, List<String> fsWrite) {
    return new SecuritySubject("agent", TestSubjects.manifest(List.of(), fsRead, fsWrite, List.of(), List.of()),
        workspace);
  }

  @Test
  void finding1_aLinkThenDotDotWritesWhereTheGateJudgedNotBesideTheRuntime() throws IOException {
    Files.createDirectories(workspace.resolve("notes"));
    Files.writeString(workspace.resolve("notes/readme.md"), "# Notes");
    Files.createSymbolicLink(workspace.resolve("README.md"), Path.of("notes/readme.md"));
    SecuritySubject notes = subject(List.of(), List.of("notes"));

    gate.createDirectories(notes, "README.md/../.astrid/plugins/red");
    gate.write(notes, "README.md/../.astrid/plugins/red/notes.md", "# red".getBytes(StandardCharsets.UTF_8));
    WorkspaceFileException manifest = assertThrows(WorkspaceFileException.class, () -> gate.write(notes,
        "README.md/../.astrid/plugins/red/Capsule.toml", "[package]".getBytes(StandardCharsets.UTF_8)));

    assertFalse(Files.exists(workspace.resolve(".astrid/plugins/red")), "nothing beside the runtime's plugins");
    assertEquals("# red", Files.readString(workspace.resolve("notes/.astrid/plugins/red/notes.md")));
    assertEquals("fs_write [README.md/../.astrid/plugins/red/Capsule.toml] denied: it is a capsule manifest, which"
        + " no capsule may write", manifest.getMessage());
    assertFalse(Files.exists(workspace.resolve("notes/.astrid/plugins/red/Capsule.toml")));
  }

  @Test
  void finding1_aLinkThenDotDotReadsTheFileTheGateJudged() throws IOException {
    Files.createDirectories(workspace.resolve("docs/sub"));
    Files.writeString(workspace.resolve("docs/y"), "in docs");
    Files.createDirectories(workspace.resolve("private"));
    Files.writeString(workspace.resolve("private/y"), "private");
    Files.createSymbolicLink(workspace.resolve("private/lnk"), Path.of("../docs/sub"));

    byte[] read = gate.read(subject(List.of("docs"), List.of()), "private/lnk/../y", 100);

    assertEquals("in docs", new String(read, StandardCharsets.UTF_8));
  }

  @Test
  void finding1_aLinkFoundOnTheJudgedPathFailsTheCallWithoutFollowingIt() throws IOException {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("f"), "secret");
    Files.createDirectories(workspace.resolve("data"));
    FilePolicy.JudgedPath judged = new FilePolicy.JudgedPath(workspace, workspace.resolve("data/f"));
    Files.delete(workspace.resolve("data"));
    Files.createSymbolicLink(workspace.resolve("data"), outside);

    for (WorkspaceTreeCall call : List.<WorkspaceTreeCall>of(() -> WorkspaceTree.read(judged, 100),
        () -> WorkspaceTree.write(judged, new byte[] {1}), () -> WorkspaceTree.delete(judged),
        () -> WorkspaceTree.createDirectories(judged), () -> WorkspaceTree.stat(judged))) {
      IOException e = assertThrows(IOException.class, call::run);
      assertEquals("it changed while it was being opened (a symbolic link appeared on its way)", e.getMessage());
    }
    assertEquals("secret", Files.readString(outside.resolve("f")));
    try (var left = Files.list(outside)) {
      assertEquals(List.of(outside.resolve("f")), left.toList());
    }
  }

  private interface WorkspaceTreeCall {
    void run() throws IOException;
  }

  @Test
  void finding1_aReadIsCappedWhileReading() throws IOException {
    Files.write(workspace.resolve("big"), new byte[11]);
    WorkspaceFileException e = assertThrows(WorkspaceFileException.class,
        () -> gate.read(subject(List.of("*"), List.of()), "big", 10));
    assertEquals("file [big]: the file has more than 10 bytes, at most 10 are read", e.getMessage());
    assertArrayEquals(new byte[11], gate.read(subject(List.of("*"), List.of()), "big", 11));
  }

  @Test
  void selfModification_theRuntimeDirectoriesAreNeverWritableWhateverIsDeclared() throws IOException {
    Files.createSymbolicLink(workspace.resolve("cfg"), Path.of(".astrid"));
    SecuritySubject everything = subject(List.of("*"), List.of("*", ".astrid", "state"));
    String astrid = "], the runtime's own directory, which no capsule may write";
    Map<String, String> refused = Map.of(
        ".astrid/plugins/red/Capsule.toml", "[" + workspace.resolve(".astrid") + astrid,
        "cfg/plugins/red/Capsule.toml", "[" + workspace.resolve(".astrid") + astrid,
        "notes/missing/../../.astrid/conf/x.cfg", "[" + workspace.resolve(".astrid") + astrid,
        "state/audit.jsonl", "[" + state + astrid);
    refused.forEach((path, where) -> {
      WorkspaceFileException e = assertThrows(WorkspaceFileException.class,
          () -> gate.write(everything, path, new byte[] {1}));
      assertEquals("fs_write [" + path + "] denied: it is inside " + where, e.getMessage());
      assertTrue(e.denied());
    });
    assertThrows(WorkspaceFileException.class, () -> gate.createDirectories(everything, ".astrid/plugins/red"));
    assertThrows(WorkspaceFileException.class, () -> gate.delete(everything, ".astrid/plugins"));
    assertFalse(Files.exists(workspace.resolve(".astrid/plugins/red")));
    assertTrue(Files.isDirectory(workspace.resolve(".astrid/plugins")));
    gate.write(everything, "notes.md", new byte[] {1});
    assertTrue(Files.exists(workspace.resolve("notes.md")), "the rest of the workspace stays writable");
  }

  @Test
  void finding10_theAuditLineAndTheApprovalNameTheRealPathActedOn() throws IOException {
    Files.createDirectories(workspace.resolve("docs/sub"));
    Files.writeString(workspace.resolve("docs/y"), "in docs");
    Files.createDirectories(workspace.resolve("private"));
    Files.createSymbolicLink(workspace.resolve("private/lnk"), Path.of("../docs/sub"));
    List<String> asked = new CopyOnWriteArrayList<>();
    Approver human = new Approver() {
      @Override
      public Optional<ApprovalAnswer> ask(ApprovalRequest request, Duration timeout) {
        asked.add(request.resource());
        return Optional.of(ApprovalAnswer.ONCE);
      }
    };
    Path auditFile = temp.resolve("audit.jsonl");
    try (PersistentAnswers answers = new PersistentAnswers(temp.resolve("approvals.mv.db"));
        AuditLog audit = new AuditLog(auditFile, Clock.systemUTC())) {
      ComposedGate composed = new ComposedGate(new ApprovalGate(Map.of("fs_read", ApprovalGate.Mode.ASK), answers,
          () -> Optional.of(human), Duration.ofSeconds(5)), Budgets.parse(), audit);
      WorkspaceFiles files = new GatedWorkspaceFiles(composed);

      assertEquals("in docs", new String(files.read(subject(List.of("docs"), List.of()), "private/lnk/../y", 100),
          StandardCharsets.UTF_8));
    }
    String real = workspace.resolve("docs/y").toString();
    assertEquals(List.of(real), asked);
    Map<?, ?> line = new ObjectMapper().readValue(Files.readAllLines(auditFile).getLast(), Map.class);
    assertEquals(real, line.get("resource"));
    assertEquals("allow", line.get("decision"));
  }
}
