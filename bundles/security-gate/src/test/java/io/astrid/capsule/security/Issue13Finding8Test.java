package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, finding 8: the audit log rolls over at its size cap and keeps the newest records. */
class Issue13Finding8Test {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  @Test
  void finding8_theAuditLogRollsAtItsCapKeepsTheNewestRecordsAndStaysUnderFilesTimesTheCap() throws Exception {
    SecuritySubject subject = new SecuritySubject("flood", TestSubjects.manifest(List.of(), List.of(), List.of(),
        List.of(), List.of()), temp);
    Path file = temp.resolve("audit.jsonl");
    try (AuditLog audit = new AuditLog(file, CLOCK, 4096, 3)) {
      for (int i = 0; i < 1000; i++) {
        audit.record(subject, new GateRequest.Http("GET", "https://example.com/" + i),
            Verdict.of(GateDecision.deny("manifest", "request " + i)));
      }
    }

    try (Stream<Path> files = Files.list(temp)) {
      assertEquals(List.of("audit.jsonl", "audit.jsonl.1", "audit.jsonl.2"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    List<Integer> kept = new ArrayList<>();
    for (Path part : List.of(temp.resolve("audit.jsonl.2"), temp.resolve("audit.jsonl.1"), file)) {
      assertTrue(Files.size(part) <= 4096, part + " has " + Files.size(part) + " bytes");
      for (String line : Files.readAllLines(part)) {
        Map<?, ?> record = JSON.readValue(line, Map.class); // whole JSON objects, one a line
        kept.add(Integer.parseInt(((String) record.get("reason")).substring("request ".length())));
      }
    }
    assertEquals(999, kept.getLast(), "the newest record is in audit.jsonl");
    for (int i = 1; i < kept.size(); i++) {
      assertEquals(kept.get(i - 1) + 1, kept.get(i), "consecutive, oldest first, across the files");
    }
  }

  @Test
  void finding8_aCapOrFileCountBelowOneIsRefusedNamingTheKey() {
    assertEquals("audit.log.max.bytes < 1: 0", assertThrows(IllegalArgumentException.class,
        () -> new AuditLog(temp.resolve("audit.jsonl"), CLOCK, 0, 3)).getMessage());
    assertEquals("audit.log.files < 1: 0", assertThrows(IllegalArgumentException.class,
        () -> new AuditLog(temp.resolve("audit.jsonl"), CLOCK, 4096, 0)).getMessage());
  }
}
