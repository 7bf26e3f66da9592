package io.astrid.capsule.security;

import io.astrid.capsule.api.host.StateDirectory;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.security.StoredApproval;
import io.astrid.capsule.api.security.StoredApprovals;
import io.astrid.capsule.api.security.WorkspaceFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.LoggerFactory;

/**
 * The {@link CapsuleSecurityGate} service: manifest, approval and budgets composed, with the audit
 * log; and the {@link WorkspaceFiles} service on the same gate, so a file is touched exactly where
 * it was judged.
 */
@Component(service = {CapsuleSecurityGate.class, WorkspaceFiles.class, StoredApprovals.class},
    configurationPid = CapsuleSecurityGate.PID)
@Designate(ocd = DefaultSecurityGate.Config.class)
public final class DefaultSecurityGate implements CapsuleSecurityGate, WorkspaceFiles, StoredApprovals {
  /**
   * The gate's keys. Declarative Services derives each key from its method's name (OSGi R7, 112.8.2.1):
   * {@code _} becomes {@code .} and {@code __} becomes {@code _}, so {@code approval_fs__read()} is the key
   * {@code approval.fs_read}, the capability spelled as in {@code [capabilities]}.
   */
  @ObjectClassDefinition(name = "Astrid capsule security gate",
      description = "Approval modes per capability, budgets, and where the gate keeps its state.")
  public @interface Config {
    @AttributeDefinition(description = "net (HTTP requests): allow, ask or deny", options = {
        @Option(label = "allow", value = "allow"), @Option(label = "ask", value = "ask"),
        @Option(label = "deny", value = "deny")})
    String approval_net() default "allow";

    @AttributeDefinition(description = "fs_read: allow, ask or deny", options = {
        @Option(label = "allow", value = "allow"), @Option(label = "ask", value = "ask"),
        @Option(label = "deny", value = "deny")})
    String approval_fs__read() default "allow";

    @AttributeDefinition(description = "fs_write: allow, ask or deny", options = {
        @Option(label = "allow", value = "allow"), @Option(label = "ask", value = "ask"),
        @Option(label = "deny", value = "deny")})
    String approval_fs__write() default "allow";

    @AttributeDefinition(description = "host_process: allow, ask or deny", options = {
        @Option(label = "allow", value = "allow"), @Option(label = "ask", value = "ask"),
        @Option(label = "deny", value = "deny")})
    String approval_host__process() default "allow";

    @AttributeDefinition(description = "uplink (connector registration): allow, ask or deny", options = {
        @Option(label = "allow", value = "allow"), @Option(label = "ask", value = "ask"),
        @Option(label = "deny", value = "deny")})
    String approval_uplink() default "allow";

    @AttributeDefinition(description = "kv (the capsule's key-value store): allow, ask or deny", options = {
        @Option(label = "allow", value = "allow"), @Option(label = "ask", value = "ask"),
        @Option(label = "deny", value = "deny")})
    String approval_kv() default "allow";

    @AttributeDefinition(description = "budgets: [CAPSULE:]CAPABILITY=N or =N/DURATION, such as net=100/1m")
    String[] budgets() default {};

    @AttributeDefinition(description = "how long a call waits for a human's answer, in milliseconds (at least 1)",
        min = "1")
    long approval_timeout_ms() default 120_000;

    @AttributeDefinition(description = "directory of audit.jsonl and approvals.mv.db; empty: the framework"
        + " property astrid.state.dir, else state/ in the Astrid home ($ASTRID_HOME, else $HOME/.astrid)")
    String state_directory() default "";

    @AttributeDefinition(description = "size at which audit.jsonl rolls over to audit.jsonl.1, in bytes")
    long audit_log_max_bytes() default AuditLog.DEFAULT_MAX_BYTES;

    @AttributeDefinition(description = "audit log files kept, the current one included; the oldest is deleted")
    int audit_log_files() default AuditLog.DEFAULT_FILES;
  }

  private final ComposedGate gate;
  private final ApprovalGate approval;
  private final WorkspaceFiles files;
  private final List<Object> startedWith;
  /** The budgets as configured, to tell a change (guarded by SCR, which calls activate and modified in turn). */
  private List<String> budgets;
  private final PersistentAnswers answers;
  private final AuditLog audit;

  /** The approver may come and go while the gate serves, hence field injection of a dynamic reference. */
  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  private volatile Approver approver;

  /** Framework (or system) property naming the state directory when the configuration does not. */
  public static final String STATE_DIRECTORY_PROPERTY = StateDirectory.PROPERTY;

  @Activate
  public DefaultSecurityGate(BundleContext context, Config config) {
    Path state = StateDirectory.resolve(config.state_directory(), context.getProperty(STATE_DIRECTORY_PROPERTY));
    this.audit = new AuditLog(state.resolve("audit.jsonl"), Clock.systemUTC(), config.audit_log_max_bytes(),
        config.audit_log_files());
    this.answers = new PersistentAnswers(state.resolve("approvals.mv.db"));
    this.approval = new ApprovalGate(modes(config), answers, () -> Optional.ofNullable(approver),
        Duration.ofMillis(config.approval_timeout_ms()));
    this.budgets = List.of(config.budgets());
    this.gate = new ComposedGate(new ManifestGate(List.of(state)), approval, Budgets.parse(config.budgets()), audit);
    this.files = new GatedWorkspaceFiles(gate);
    this.startedWith = startOnly(config);
  }

  /**
   * New approval modes, human timeout and budgets in place (issue 16), so that no capsule reloads: answers
   * given so far stay, and budgets start afresh only when they changed. The state directory and audit
   * log are open files, read at activation; a change of them waits for the gate's next start, which the
   * log says.
   */
  @Modified
  void modified(Config config) {
    Budgets parsed = Budgets.parse(config.budgets()); // first, so that a bad value changes nothing
    approval.configure(modes(config), Duration.ofMillis(config.approval_timeout_ms()));
    List<String> configured = List.of(config.budgets());
    if (!configured.equals(budgets)) {
      gate.budgets(parsed);
      budgets = configured;
    }
    if (!startOnly(config).equals(startedWith)) {
      LoggerFactory.getLogger(DefaultSecurityGate.class).warn("{}, {} and {} of {} apply at the gate's next start",
          STATE_DIRECTORY, AUDIT_LOG_MAX_BYTES, AUDIT_LOG_FILES, PID);
    }
  }

  private static Map<String, ApprovalGate.Mode> modes(Config config) {
    Map<String, ApprovalGate.Mode> modes = new HashMap<>();
    modes.put("net", ApprovalGate.Mode.parse("net", config.approval_net()));
    modes.put("fs_read", ApprovalGate.Mode.parse("fs_read", config.approval_fs__read()));
    modes.put("fs_write", ApprovalGate.Mode.parse("fs_write", config.approval_fs__write()));
    modes.put("host_process", ApprovalGate.Mode.parse("host_process", config.approval_host__process()));
    modes.put("uplink", ApprovalGate.Mode.parse("uplink", config.approval_uplink()));
    modes.put("kv", ApprovalGate.Mode.parse("kv", config.approval_kv()));
    return modes;
  }

  /** The values read only at activation. */
  private static List<Object> startOnly(Config config) {
    return List.of(config.state_directory(), config.audit_log_max_bytes(), config.audit_log_files());
  }

  /**
   * The gate outside OSGi (tests, benchmarks): what the manifest declares is allowed with no
   * approval and no budget, except JVM code, which is denied until an "always" answer for its jars
   * is stored; the audit log and answers live in {@code stateDirectory}.
   */
  public DefaultSecurityGate(Path stateDirectory) {
    this(stateDirectory, Optional.empty());
  }

  /**
   * The gate outside OSGi with a human: as {@link #DefaultSecurityGate(Path)}, but JVM code is
   * asked of {@code approver}, whose "always" is stored in {@code stateDirectory}.
   */
  public DefaultSecurityGate(Path stateDirectory, Approver approver) {
    this(stateDirectory, Optional.of(approver));
  }

  private DefaultSecurityGate(Path stateDirectory, Optional<Approver> human) {
    this.audit = new AuditLog(stateDirectory.resolve("audit.jsonl"), Clock.systemUTC());
    this.answers = new PersistentAnswers(stateDirectory.resolve("approvals.mv.db"));
    this.approval = new ApprovalGate(Map.of(), answers, () -> human, Duration.ofSeconds(30));
    this.budgets = List.of();
    this.gate = new ComposedGate(new ManifestGate(List.of(stateDirectory)), approval, Budgets.parse(), audit);
    this.files = new GatedWorkspaceFiles(gate);
    this.startedWith = List.of();
  }

  @Deactivate
  void deactivate() throws IOException {
    answers.close();
    audit.close();
  }

  @Override
  public GateDecision check(SecuritySubject subject, GateRequest request) {
    return gate.check(subject, request);
  }

  @Override
  public List<StoredApproval> stored() {
    return answers.all();
  }

  @Override
  public boolean revoke(String capsuleId, String capability, String resource) {
    return answers.remove(new ApprovalKey(capsuleId, capability, resource));
  }

  @Override
  public boolean exists(SecuritySubject subject, String path) {
    return files.exists(subject, path);
  }

  @Override
  public List<Entry> list(SecuritySubject subject, String path) {
    return files.list(subject, path);
  }

  @Override
  public Entry stat(SecuritySubject subject, String path) {
    return files.stat(subject, path);
  }

  @Override
  public byte[] read(SecuritySubject subject, String path, int maxBytes) {
    return files.read(subject, path, maxBytes);
  }

  @Override
  public void write(SecuritySubject subject, String path, byte[] content) {
    files.write(subject, path, content);
  }

  @Override
  public void createDirectories(SecuritySubject subject, String path) {
    files.createDirectories(subject, path);
  }

  @Override
  public void delete(SecuritySubject subject, String path) {
    files.delete(subject, path);
  }
}
