package io.astrid.capsule.security;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.HumanWait;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.tool.ToolCaller;
import io.astrid.capsule.api.tool.ToolCallerException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The human in the loop. Each capability is configured {@code allow}, {@code ask} or {@code deny}.
 * For "ask": a stored "always"/"deny always" answer decides; else an answer given "for this
 * session" does; else the human of the client that made the call is asked when it can be
 * ({@link ToolCaller#canAsk}), or else the {@link Approver} — one question for concurrent identical
 * requests — and its answer is remembered as it says. With no approver (headless), "ask" denies.
 */
final class ApprovalGate {
  /** The gate of a decision the configured mode made. */
  static final String POLICY = "policy";
  /** The gate of a decision a human's answer made. */
  static final String HUMAN = "human";

  /**
   * Capabilities no configuration allows wholesale: running JVM code is trusted jar by jar, by a
   * human (issue 15), so it is always asked, whatever the configuration says.
   */
  static final Set<String> ALWAYS_ASKED = Set.of("jvm");

  /** How a capability is handled. */
  enum Mode {
    ALLOW, ASK, DENY;

    static Mode parse(String capability, String written) {
      try {
        return valueOf(written.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("approval." + capability + " [" + written + "] is not allow, ask or deny");
      }
    }
  }

  /** The configured part, replaced whole by {@link #configure}; answers given so far are kept. */
  private record Policy(Map<String, Mode> modes, Duration timeout) {}

  private final PersistentAnswers persistent;
  private final Supplier<Optional<Approver>> approver;
  private volatile Policy policy;
  private final Set<ApprovalKey> session = ConcurrentHashMap.newKeySet();
  private final Map<ApprovalKey, CompletableFuture<Optional<ApprovalAnswer>>> asking = new ConcurrentHashMap<>();

  /**
   * @param modes by capability; a capability not listed is allowed, but one {@link #ALWAYS_ASKED} is asked
   * @param persistent where "always" answers live
   * @param approver the current approver, if any (it may come and go)
   * @param timeout how long a call waits for the human
   */
  ApprovalGate(Map<String, Mode> modes, PersistentAnswers persistent, Supplier<Optional<Approver>> approver,
      Duration timeout) {
    this.persistent = persistent;
    this.approver = approver;
    configure(modes, timeout);
  }

  /** New modes and human timeout for the checks from now on (issue 16: settings applied live). */
  void configure(Map<String, Mode> modes, Duration timeout) {
    this.policy = new Policy(Map.copyOf(modes), timeout);
  }

  /**
   * The approval step's verdict. Allow reasons are phrased to follow the manifest gate's reason
   * ({@link ComposedGate}); denials carry the whole reason. The gate is {@value #POLICY} when the
   * configured mode decided and {@value #HUMAN} when a human's answer (or its absence) did.
   */
  Verdict check(SecuritySubject subject, GateRequest request) {
    String capability = request.capability();
    Mode mode = ALWAYS_ASKED.contains(capability) ? Mode.ASK
        : policy.modes().getOrDefault(capability, Mode.ALLOW);
    if (mode == Mode.ALLOW) {
      return Verdict.of(GateDecision.allow(POLICY, "needs no approval (approval." + capability + "=allow)"));
    }
    if (mode == Mode.DENY) {
      return Verdict.of(GateDecision.deny(POLICY, ManifestGate.denial(request, "approval." + capability + "=deny")));
    }
    ApprovalKey key = ApprovalKey.of(subject, request);
    Optional<ApprovalAnswer> stored = persistent.get(key);
    if (stored.isPresent()) {
      return Verdict.byHuman(stored.get().allows()
          ? GateDecision.allow(HUMAN, "approved by the user always for capsule [" + key.capsuleId() + "]")
          : GateDecision.deny(HUMAN, ManifestGate.denial(request, "the user denies it always for capsule ["
              + key.capsuleId() + "]")), stored, Verdict.STORE);
    }
    if (session.contains(key)) {
      return Verdict.byHuman(GateDecision.allow(HUMAN, "approved by the user for this session"),
          Optional.of(ApprovalAnswer.SESSION), Verdict.SESSION);
    }
    Optional<ToolCaller> caller = ToolCaller.current().filter(ToolCaller::canAsk);
    if (caller.isPresent()) {
      return askCaller(caller.get(), key, request);
    }
    Optional<Approver> human = approver.get();
    if (human.isEmpty()) {
      return Verdict.of(GateDecision.deny(POLICY, ManifestGate.denial(request, headless(capability))));
    }
    // The call's own timeout pauses while a human thinks; the approval timeout bounds the wait.
    Optional<ApprovalAnswer> answer = HumanWait.during(() -> ask(human.get(), key));
    if (answer.isEmpty()) {
      return Verdict.byHuman(GateDecision.deny(HUMAN, ManifestGate.denial(request, "no answer within "
          + policy.timeout().toSeconds() + " s")), answer, Verdict.PROMPT);
    }
    remember(key, answer.get());
    return Verdict.byHuman(answer.get().allows()
        ? GateDecision.allow(HUMAN, "approved by the user (" + Verdict.word(answer.get()) + ")")
        : GateDecision.deny(HUMAN, ManifestGate.denial(request, "the user said no")), answer, Verdict.PROMPT);
  }

  /**
   * Asks the human of the client that made the call (an MCP client through elicitation), not the
   * runtime's approvers: the question goes where the call came from. Not merged with identical
   * questions of other calls, which may come from other clients. A client that declines or cancels
   * denies, with what it said as the reason.
   */
  private Verdict askCaller(ToolCaller caller, ApprovalKey key, GateRequest request) {
    ApprovalRequest question = new ApprovalRequest(UUID.randomUUID().toString(), key.capsuleId(), key.capability(),
        key.resource());
    Duration timeout = policy.timeout();
    Optional<ApprovalAnswer> answer;
    try {
      answer = HumanWait.during(() -> caller.ask(question, timeout));
    } catch (ToolCallerException e) {
      return Verdict.byHuman(GateDecision.deny(HUMAN, ManifestGate.denial(request, e.getMessage())),
          Optional.empty(), Verdict.CLIENT);
    }
    if (answer.isEmpty()) {
      return Verdict.byHuman(GateDecision.deny(HUMAN, ManifestGate.denial(request, caller.name()
          + " gave no answer within " + timeout.toSeconds() + " s")), answer, Verdict.CLIENT);
    }
    remember(key, answer.get());
    return Verdict.byHuman(answer.get().allows()
        ? GateDecision.allow(HUMAN, "approved by the user of " + caller.name() + " (" + Verdict.word(answer.get())
            + ")")
        : GateDecision.deny(HUMAN, ManifestGate.denial(request, "the user of " + caller.name() + " said no")),
        answer, Verdict.CLIENT);
  }

  /** Why a question nobody can answer is denied, and how to grant it. */
  private static String headless(String capability) {
    if (capability.equals("jvm")) {
      // Trusting JVM code is a decision about exactly these jars (issue 15): allowing it for every jar is not offered.
      return "JVM code runs unsandboxed in the host's JVM and needs a human's trust for these jars, and no approver is"
          + " available (headless); run a capsule command such as `capsule tools` in a terminal and answer [a]lways"
          + " to trust them";
    }
    return "it needs approval (approval." + capability + "=ask) and no approver is available (headless); set approval."
        + capability + "=allow or run interactively";
  }

  private Optional<ApprovalAnswer> ask(Approver human, ApprovalKey key) {
    CompletableFuture<Optional<ApprovalAnswer>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<ApprovalAnswer>> running = asking.putIfAbsent(key, mine);
    if (running != null) {
      return running.join();
    }
    try {
      ApprovalRequest request = new ApprovalRequest(UUID.randomUUID().toString(), key.capsuleId(), key.capability(),
          key.resource());
      Optional<ApprovalAnswer> answer = human.ask(request, policy.timeout());
      mine.complete(answer == null ? Optional.empty() : answer);
    } catch (RuntimeException e) {
      mine.complete(Optional.empty());
    } finally {
      asking.remove(key, mine);
    }
    return mine.join();
  }

  /** "session" is kept in memory, "always" and "deny always" on disk; "once" and "deny" are not kept. */
  private void remember(ApprovalKey key, ApprovalAnswer answer) {
    if (answer == ApprovalAnswer.SESSION) {
      session.add(key);
    } else if (answer == ApprovalAnswer.ALWAYS || answer == ApprovalAnswer.DENY_ALWAYS) {
      persistent.put(key, answer);
    }
  }
}
