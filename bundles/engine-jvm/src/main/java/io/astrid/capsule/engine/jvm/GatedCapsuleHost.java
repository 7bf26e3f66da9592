package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.host.KeyValueStore;
import io.astrid.capsule.api.jvm.CapsuleHost;
import io.astrid.capsule.api.jvm.HostCallException;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.security.WorkspaceFiles;
import io.astrid.capsule.engine.support.GatedHttp;
import io.astrid.capsule.engine.support.GatedHttpException;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link CapsuleHost} one loaded JVM capsule is handed: every call that reaches the host is
 * judged by the gate for this capsule first. Closed when the capsule unloads; its HTTP client,
 * started on the first request, is closed with it.
 */
final class GatedCapsuleHost implements CapsuleHost, AutoCloseable {
  private final SecuritySubject subject;
  private final CapsuleSecurityGate gate;
  private final WorkspaceFiles files;
  private final KeyValueStore kv;
  private final Map<String, String> config;
  private final System.Logger logger;
  private GatedHttp http; // guarded by this
  private boolean closed; // guarded by this

  GatedCapsuleHost(SecuritySubject subject, CapsuleSecurityGate gate, WorkspaceFiles files, KeyValueStore kv,
      Map<String, String> config) {
    this.subject = subject;
    this.gate = gate;
    this.files = files;
    this.kv = kv;
    this.config = Map.copyOf(config);
    this.logger = System.getLogger("io.astrid.capsule.jvm." + subject.capsuleId());
  }

  @Override
  public String capsuleId() {
    return subject.capsuleId();
  }

  @Override
  public Optional<String> config(String key) {
    open();
    return Optional.ofNullable(config.get(key));
  }

  @Override
  public System.Logger logger() {
    return logger;
  }

  @Override
  public Optional<byte[]> kvGet(String key) {
    allowed(new GateRequest.KeyValue(key));
    return kv.get(subject.capsuleId(), key);
  }

  @Override
  public void kvPut(String key, byte[] value) {
    allowed(new GateRequest.KeyValue(key));
    kv.put(subject.capsuleId(), key, value);
  }

  @Override
  public byte[] readFile(String path, int maxBytes) {
    open();
    return files.read(subject, path, maxBytes);
  }

  @Override
  public void writeFile(String path, byte[] content) {
    open();
    files.write(subject, path, content);
  }

  @Override
  public HttpResponse http(String method, String url, Map<String, String> headers, byte[] body, int maxBytes) {
    open();
    try {
      GatedHttp.Response response = client().send("http", method, url, headers, body, maxBytes);
      return new HttpResponse(response.status(), response.headers(), response.body());
    } catch (GatedHttpException e) {
      throw new HostCallException(e.getMessage(), e);
    }
  }

  /** Started on the first request: most capsules never send one. */
  private synchronized GatedHttp client() {
    if (http == null) {
      http = new GatedHttp(gate, subject);
    }
    return http;
  }

  private void allowed(GateRequest request) {
    open();
    GateDecision decision = gate.check(subject, request);
    if (!decision.allowed()) {
      throw new HostCallException(decision.reason());
    }
  }

  private synchronized void open() {
    if (closed) {
      throw new HostCallException("host call of capsule [" + subject.capsuleId() + "] failed: the capsule is unloaded");
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (http != null) {
      http.close();
      http = null;
    }
  }
}
