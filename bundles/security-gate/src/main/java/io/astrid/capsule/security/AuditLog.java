package io.astrid.capsule.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per decision: time, capsule, action, resource, decision, reason, gate (who
 * decided: manifest, policy, human, budget), and when a human decided, answer and answer_from
 * (see {@link Verdict}). Each line is written with one call and flushed before the decision is
 * returned, so a crash loses at most the line being written. JSON escaping keeps a guest's
 * newlines and quotes inside their field.
 */
final class AuditLog implements AutoCloseable {
  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;
  private final OutputStream out;

  AuditLog(Path file, Clock clock) {
    this.clock = clock;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      this.out = new FileOutputStream(file.toFile(), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit log [" + file + "]", e);
    }
  }

  synchronized void record(SecuritySubject subject, GateRequest request, Verdict verdict) {
    GateDecision decision = verdict.decision();
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", clock.instant().toString());
    line.put("capsule", subject.capsuleId());
    line.put("action", request.capability());
    line.put("resource", request.resource());
    line.put("decision", decision.allowed() ? "allow" : "deny");
    line.put("reason", decision.reason());
    line.put("gate", decision.gate());
    verdict.answer().ifPresent(answer -> line.put("answer", answer));
    verdict.answerFrom().ifPresent(from -> line.put("answer_from", from));
    try {
      byte[] bytes = (json.writeValueAsString(line) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the audit log", e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
