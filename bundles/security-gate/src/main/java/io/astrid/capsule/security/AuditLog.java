package io.astrid.capsule.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per decision: time, capsule, action, resource, decision, reason, gate (who
 * decided: manifest, policy, human, budget), and when a human decided, answer and answer_from
 * (see {@link Verdict}). Each line is written with one call and flushed before the decision is
 * returned, so a crash loses at most the line being written. JSON escaping keeps a guest's
 * newlines and quotes inside their field.
 *
 * <p>The file rolls over by size (issue 13, finding 8): a line that would take it past
 * {@code maxBytes} goes to a fresh file, after {@code audit.jsonl} became {@code audit.jsonl.1},
 * {@code .1} became {@code .2} and so on; the oldest of {@code files} is deleted. Every file holds
 * whole lines, the newest records are always kept, and the disk used stays under about
 * {@code maxBytes × files}.
 */
final class AuditLog implements AutoCloseable {
  /** The default size of one file: 10 MiB. */
  static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

  /** The default count of files kept, the current one included. */
  static final int DEFAULT_FILES = 5;

  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;
  private final Path file;
  private final long maxBytes;
  private final int files;
  private OutputStream out;
  private long size;

  AuditLog(Path file, Clock clock) {
    this(file, clock, DEFAULT_MAX_BYTES, DEFAULT_FILES);
  }

  AuditLog(Path file, Clock clock, long maxBytes, int files) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException(CapsuleSecurityGate.AUDIT_LOG_MAX_BYTES + " < 1: " + maxBytes);
    }
    if (files < 1) {
      throw new IllegalArgumentException(CapsuleSecurityGate.AUDIT_LOG_FILES + " < 1: " + files);
    }
    this.clock = clock;
    this.file = file;
    this.maxBytes = maxBytes;
    this.files = files;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      open();
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
      if (size > 0 && size + bytes.length > maxBytes) {
        roll();
      }
      out.write(bytes);
      out.flush();
      size += bytes.length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the audit log", e);
    }
  }

  private void open() throws IOException {
    out = new FileOutputStream(file.toFile(), true);
    size = Files.size(file);
  }

  /** audit.jsonl becomes audit.jsonl.1, each .N becomes .N+1, the oldest beyond {@code files} is deleted. */
  private void roll() throws IOException {
    out.close();
    Files.deleteIfExists(numbered(files - 1));
    for (int n = files - 2; n >= 1; n--) {
      if (Files.exists(numbered(n))) {
        Files.move(numbered(n), numbered(n + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (files > 1) {
      Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.delete(file);
    }
    open();
  }

  private Path numbered(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
